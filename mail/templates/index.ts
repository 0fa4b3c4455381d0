import type { NotificationTopic } from '../../domain/lifecycle/post-notification-topics';
import type { MailTemplate } from '../mail-template';
import { applicationSubmitted } from './application-submitted';
import { informationRequested } from './information-requested';
import { informationProvided } from './information-provided';
import { opinionGiven } from './opinion-given';
import { postValidated } from './post-validated';
import { postRejected } from './post-rejected';
import { derogationGranted } from './derogation-granted';
import { recruitmentOverdue } from './recruitment-overdue';
import { recruitmentDeadlineReminder } from './recruitment-deadline-reminder';
import { subsidyRequested } from './subsidy-requested';
import { subsidyRequestReceived } from './subsidy-request-received';
import { subsidyInstructionOverdue } from './subsidy-instruction-overdue';
import { subsidyInstructionFollowUp } from './subsidy-instruction-follow-up';
import { documentsRequested } from './documents-requested';
import { conventionSigned } from './convention-signed';
import { trainingNotStarted } from './training-not-started';
import { trainingCompleted } from './training-completed';
import { departedTraineeCompleted } from './departed-trainee-completed';
import { activityReportDue } from './activity-report-due';
import { subsidyUseReportDue } from './subsidy-use-report-due';
import { hostingConditionsReportDue } from './hosting-conditions-report-due';
import { contractNotSigned } from './contract-not-signed';
import { contractEndReminder } from './contract-end-reminder';
import { contractEnded } from './contract-ended';
import { trancheDue } from './tranche-due';
import { trancheConditionsMissing } from './tranche-conditions-missing';
import { trancheWaitsForAdvisor } from './tranche-waits-for-advisor';
import { paymentsSuspended } from './payments-suspended';
import { paymentsResumed } from './payments-resumed';
import { absenceDeclared } from './absence-declared';
import { absenceEnded } from './absence-ended';
import { conventionEndReminder } from './convention-end-reminder';
import { conventionEnded } from './convention-ended';
import { renewalRequested } from './renewal-requested';
import { renewalValidated } from './renewal-validated';
import { renewalRefused } from './renewal-refused';
import { renewalDeclined } from './renewal-declined';
import { contractBroken } from './contract-broken';
import { postClosed } from './post-closed';
import { postExitedEarly } from './post-exited-early';
import { postReturned } from './post-returned';
import { postWithdrawn } from './post-withdrawn';
import { postTransferred } from './post-transferred';
import { postReceivedByTransfer } from './post-received-by-transfer';

/**
 * One template per notification topic (issue 11): the type makes a topic without its template a
 * compile error. `npm run mail:preview -- <topic>` shows one rendered.
 */
export const mailTemplates: Record<NotificationTopic, MailTemplate> = {
  'application-submitted': applicationSubmitted,
  'information-requested': informationRequested,
  'information-provided': informationProvided,
  'opinion-given': opinionGiven,
  'post-validated': postValidated,
  'post-rejected': postRejected,
  'derogation-granted': derogationGranted,
  'recruitment-overdue': recruitmentOverdue,
  'recruitment-deadline-reminder': recruitmentDeadlineReminder,
  'subsidy-requested': subsidyRequested,
  'subsidy-request-received': subsidyRequestReceived,
  'subsidy-instruction-overdue': subsidyInstructionOverdue,
  'subsidy-instruction-follow-up': subsidyInstructionFollowUp,
  'documents-requested': documentsRequested,
  'convention-signed': conventionSigned,
  'training-not-started': trainingNotStarted,
  'training-completed': trainingCompleted,
  'departed-trainee-completed': departedTraineeCompleted,
  'activity-report-due': activityReportDue,
  'subsidy-use-report-due': subsidyUseReportDue,
  'hosting-conditions-report-due': hostingConditionsReportDue,
  'contract-not-signed': contractNotSigned,
  'contract-end-reminder': contractEndReminder,
  'contract-ended': contractEnded,
  'tranche-due': trancheDue,
  'tranche-conditions-missing': trancheConditionsMissing,
  'tranche-waits-for-advisor': trancheWaitsForAdvisor,
  'payments-suspended': paymentsSuspended,
  'payments-resumed': paymentsResumed,
  'absence-declared': absenceDeclared,
  'absence-ended': absenceEnded,
  'convention-end-reminder': conventionEndReminder,
  'convention-ended': conventionEnded,
  'renewal-requested': renewalRequested,
  'renewal-validated': renewalValidated,
  'renewal-refused': renewalRefused,
  'renewal-declined': renewalDeclined,
  'contract-broken': contractBroken,
  'post-closed': postClosed,
  'post-exited-early': postExitedEarly,
  'post-returned': postReturned,
  'post-withdrawn': postWithdrawn,
  'post-transferred': postTransferred,
  'post-received-by-transfer': postReceivedByTransfer,
};
