import { LATEST_POST_RULES_REVISION } from '../../../domain/lifecycle/post-rules-revision';
import { decidePostEvent } from '../../../domain/lifecycle/decide-post-event';
import { postEventRoles } from '../../../domain/lifecycle/post-event-roles';
import { type PostEventType, postEventTypes } from '../../../domain/lifecycle/post-events';
import type { Role } from '../../../domain/lifecycle/actor';
import { actorInScope, sampleEvents, senderOf } from '../../support/post-sample-events';
import { type SituationName, situations } from '../../support/post-situations';

/**
 * All states × all events (RULES.md §4), under the latest rules revision: each event is accepted
 * exactly where the table allows it, refused by the named rule where its guard says no, and refused
 * for its state everywhere else.
 */
type Expectation = { accepts: PostEventType[]; rules?: Partial<Record<PostEventType, string>> };

const noPaymentsYet = {
  SUBMIT_SUBSIDY_REQUEST: 'subsidy.candidate_not_validated',
  TRANCHE_DUE: 'tranche.not_scheduled',
  CONFIRM_TRANCHE_PAYMENT: 'tranche.unknown',
  SUSPEND_PAYMENTS: 'payments.no_convention',
} as const;
const inPostEvents: PostEventType[] = [
  'DECLARE_ABSENCE',
  'FOLLOW_UP_DUE',
  'TRANSMIT_CONTRACT',
  'DECLARE_CONTRACT_RUPTURE',
  'SUSPEND_PAYMENTS',
  'TRANCHE_DUE',
  'EXIT_EARLY',
];
// The training organisation may finish a departed advisor's training anywhere in the programme (003_…).
const nothingToComplete = { COMPLETE_TRAINING: 'training.none_in_progress' } as const;
const inPostRules = {
  END_ABSENCE: 'absence.none',
  ABSENCE_END_REACHED: 'absence.not_ending',
  CONFIRM_TRANCHE_PAYMENT: 'tranche.not_due',
  ...nothingToComplete,
} as const;
// The 2021 private three months run until the contract; other policies' deadline ends at the candidate.
const noDeadlineAfterCandidate = { RECRUITMENT_DEADLINE_REACHED: 'recruitment.no_deadline' } as const;
const noContractNorConvention = {
  DECLARE_CONTRACT_RUPTURE: 'contract.not_signed',
  TRANSMIT_CONTRACT: 'contract.not_signed',
  TRANCHE_DUE: 'tranche.not_scheduled',
  CONFIRM_TRANCHE_PAYMENT: 'tranche.unknown',
  SUSPEND_PAYMENTS: 'payments.no_convention',
} as const;
const contractNotYetSigned = { START_TRAINING: 'training.contract_not_signed', ...noContractNorConvention } as const;
// The convention's region listens for the 2021 follow-ups; the monthly report waits for the advisor in post.
const noActivityReportYet = { FOLLOW_UP_DUE: 'follow_up.not_scheduled' } as const;
const conventionRunning: PostEventType[] = ['REQUEST_RENEWAL', 'DECLINE_RENEWAL', 'CONVENTION_END_REACHED'];

const expectations: Record<SituationName, Expectation> = {
  concertation: { accepts: ['REQUEST_INFORMATION', 'GIVE_PREFECTURE_OPINION'] },
  informationRequested: { accepts: ['PROVIDE_INFORMATION'] },
  committee: { accepts: ['COMMITTEE_DECISION'] },
  rejected: { accepts: [] },
  recruiting: {
    accepts: ['VALIDATE_CANDIDATE', 'PUBLISH_JOB_OFFER', 'GRANT_DEROGATION', 'RECRUITMENT_DEADLINE_REACHED', 'RETURN_POST', 'EXIT_EARLY'],
    rules: noPaymentsYet,
  },
  recruitmentOverdue: { accepts: ['GRANT_DEROGATION', 'WITHDRAW_POST', 'RETURN_POST', 'EXIT_EARLY'], rules: noPaymentsYet },
  withdrawn: { accepts: [] },
  returned: { accepts: ['TRANSFER_POST'] },
  transferred: { accepts: [] },
  onboarding: {
    accepts: ['ENROL_IN_TRAINING', 'PUBLISH_JOB_OFFER', 'SIGN_CONTRACT', 'SUBMIT_SUBSIDY_REQUEST', 'EXIT_EARLY'],
    rules: { ...noContractNorConvention, ...noDeadlineAfterCandidate },
  },
  inInstruction: {
    accepts: ['REQUEST_DOCUMENTS', 'VALIDATE_CONFORMITY', 'RECORD_POSITIONING', 'PUBLISH_JOB_OFFER', 'SIGN_CONTRACT', 'EXIT_EARLY'],
    rules: { ...contractNotYetSigned, ...noDeadlineAfterCandidate, ...nothingToComplete },
  },
  documentsRequested: {
    accepts: ['PROVIDE_DOCUMENTS', 'RECORD_POSITIONING', 'PUBLISH_JOB_OFFER', 'SIGN_CONTRACT', 'EXIT_EARLY'],
    rules: { ...contractNotYetSigned, ...noDeadlineAfterCandidate, ...nothingToComplete },
  },
  conform: {
    accepts: ['SIGN_CONVENTION', 'START_TRAINING', 'TRANSMIT_CONTRACT', 'DECLARE_CONTRACT_RUPTURE', 'EXIT_EARLY'],
    rules: { TRANCHE_DUE: 'tranche.not_scheduled', CONFIRM_TRANCHE_PAYMENT: 'tranche.unknown', SUSPEND_PAYMENTS: 'payments.no_convention', ...nothingToComplete },
  },
  // Guide 2022 (000_…): "Vous pouvez paralléliser la signature de la convention et du contrat de travail".
  conformWithoutContract: {
    accepts: ['ENROL_IN_TRAINING', 'PUBLISH_JOB_OFFER', 'SIGN_CONTRACT', 'EXIT_EARLY'],
    rules: { SIGN_CONVENTION: 'convention.contract_type_missing', ...noContractNorConvention, ...noDeadlineAfterCandidate },
  },
  conventionBeforeContract: {
    accepts: ['ENROL_IN_TRAINING', 'PUBLISH_JOB_OFFER', 'SIGN_CONTRACT', ...conventionRunning, 'SUSPEND_PAYMENTS', 'EXIT_EARLY'],
    rules: {
      DECLARE_CONTRACT_RUPTURE: 'contract.not_signed',
      TRANSMIT_CONTRACT: 'contract.not_signed',
      TRANCHE_DUE: 'tranche.not_scheduled',
      CONFIRM_TRANCHE_PAYMENT: 'tranche.unknown',
      ...noDeadlineAfterCandidate,
      ...noActivityReportYet,
    },
  },
  // AMI 2021 (002_…): "trois mois […] pour effectuer le recrutement et signer le contrat de travail".
  privateOnboarding: {
    accepts: ['ENROL_IN_TRAINING', 'PUBLISH_JOB_OFFER', 'SIGN_CONTRACT', 'SUBMIT_SUBSIDY_REQUEST', 'RECRUITMENT_DEADLINE_REACHED', 'EXIT_EARLY'],
    rules: noContractNorConvention,
  },
  contractOverdue: {
    accepts: ['ENROL_IN_TRAINING', 'GRANT_DEROGATION', 'WITHDRAW_POST', 'SUBMIT_SUBSIDY_REQUEST', 'EXIT_EARLY'],
    rules: noContractNorConvention,
  },
  onboardingReady: {
    accepts: ['START_TRAINING', 'TRANSMIT_CONTRACT', 'DECLARE_CONTRACT_RUPTURE', ...conventionRunning, 'SUSPEND_PAYMENTS', 'EXIT_EARLY'],
    rules: { TRANCHE_DUE: 'tranche.not_scheduled', CONFIRM_TRANCHE_PAYMENT: 'tranche.unknown', ...noActivityReportYet, ...nothingToComplete },
  },
  // RULES.md §4 (rules revision 3): absences happen in training too.
  inTraining: {
    accepts: ['COMPLETE_TRAINING', 'TRANSMIT_CONTRACT', 'DECLARE_CONTRACT_RUPTURE', ...conventionRunning, 'SUSPEND_PAYMENTS', 'TRANCHE_DUE', 'DECLARE_ABSENCE', 'EXIT_EARLY'],
    rules: { CONFIRM_TRANCHE_PAYMENT: 'tranche.not_due', END_ABSENCE: 'absence.none', ABSENCE_END_REACHED: 'absence.not_ending', ...noActivityReportYet },
  },
  absentInTraining: {
    accepts: [
      'COMPLETE_TRAINING',
      'TRANSMIT_CONTRACT',
      'DECLARE_CONTRACT_RUPTURE',
      ...conventionRunning,
      'SUSPEND_PAYMENTS',
      'TRANCHE_DUE',
      'DECLARE_ABSENCE',
      'END_ABSENCE',
      'ABSENCE_END_REACHED',
      'EXIT_EARLY',
    ],
    rules: { CONFIRM_TRANCHE_PAYMENT: 'tranche.not_due', ...noActivityReportYet },
  },
  trancheDue: {
    accepts: ['COMPLETE_TRAINING', 'TRANSMIT_CONTRACT', 'DECLARE_CONTRACT_RUPTURE', ...conventionRunning, 'SUSPEND_PAYMENTS', 'CONFIRM_TRANCHE_PAYMENT', 'DECLARE_ABSENCE', 'EXIT_EARLY'],
    rules: { TRANCHE_DUE: 'tranche.not_scheduled', END_ABSENCE: 'absence.none', ABSENCE_END_REACHED: 'absence.not_ending', ...noActivityReportYet },
  },
  inPost: { accepts: [...inPostEvents, ...conventionRunning], rules: inPostRules },
  // A new declaration replaces the running one: an extended leave is declared again (rules revision 3).
  absent: {
    accepts: [...inPostEvents, 'END_ABSENCE', 'ABSENCE_END_REACHED', ...conventionRunning],
    rules: { CONFIRM_TRANCHE_PAYMENT: 'tranche.not_due', ...nothingToComplete },
  },
  // AMI 2021 §III.6: while suspended, a tranche falls due but cannot be paid.
  suspended: {
    accepts: [...inPostEvents.filter((t) => t !== 'SUSPEND_PAYMENTS'), 'RESUME_PAYMENTS', ...conventionRunning],
    rules: { END_ABSENCE: 'absence.none', ABSENCE_END_REACHED: 'absence.not_ending', ...nothingToComplete },
  },
  // AMI 2021 (002_…): "versée en contrepartie de l'emploi": a vacant post's tranche waits for the next contract.
  vacant: {
    accepts: ['VALIDATE_CANDIDATE', 'PUBLISH_JOB_OFFER', 'RETURN_POST', ...conventionRunning, 'SUSPEND_PAYMENTS', 'EXIT_EARLY'],
    rules: { CONFIRM_TRANCHE_PAYMENT: 'tranche.not_due', TRANCHE_DUE: 'tranche.post_vacant', ...noActivityReportYet },
  },
  // FAQ (003_…): a trainee whose contract ends "peut terminer sa formation et passer ses examens".
  vacantWithTrainee: {
    accepts: ['VALIDATE_CANDIDATE', 'PUBLISH_JOB_OFFER', 'RETURN_POST', 'COMPLETE_TRAINING', ...conventionRunning, 'SUSPEND_PAYMENTS', 'EXIT_EARLY'],
    rules: { CONFIRM_TRANCHE_PAYMENT: 'tranche.not_due', TRANCHE_DUE: 'tranche.post_vacant', ...noActivityReportYet },
  },
  renewalPending: {
    accepts: [...inPostEvents, 'VALIDATE_RENEWAL', 'REFUSE_RENEWAL', 'DECLINE_RENEWAL', 'CONVENTION_END_REACHED'],
    rules: inPostRules,
  },
  renewalDeclined: { accepts: [...inPostEvents, 'CONVENTION_END_REACHED'], rules: inPostRules },
  conventionEnded: { accepts: [...inPostEvents, 'REQUEST_RENEWAL', 'DECLINE_RENEWAL'], rules: inPostRules },
  closed: { accepts: [] },
  exitedEarly: { accepts: ['TRANSFER_POST'] },
};

const all = situations();
const withoutTrainingOrg = new Set<SituationName>([
  'concertation',
  'informationRequested',
  'committee',
  'rejected',
  'recruiting',
  'recruitmentOverdue',
  'withdrawn',
  'returned',
  'transferred',
  'onboarding',
  'vacant',
  'conformWithoutContract',
  'conventionBeforeContract',
  'privateOnboarding',
  'contractOverdue',
]);

describe.each(Object.keys(expectations) as SituationName[])('in situation %s (RULES.md §4)', (name) => {
  const { accepts, rules = {} } = expectations[name];
  it.each(postEventTypes)('%s is accepted, refused by its rule, or refused for the state', (type) => {
    const decision = decidePostEvent(all[name], senderOf(type, all[name].context.structure), sampleEvents[type], LATEST_POST_RULES_REVISION);
    if (accepts.includes(type)) {
      expect(decision).toMatchObject({ accepted: true });
      return;
    }
    expect(decision.accepted).toBe(false);
    if (decision.accepted) return;
    const ruleCode = rules[type];
    const trainingOrgOutOfScope = postEventRoles[type][0] === 'training_org' && withoutTrainingOrg.has(name);
    const expected = ruleCode ?? (trainingOrgOutOfScope ? 'scope.training_org' : 'event.not_allowed_in_status');
    expect(decision.refusal.code).toBe(expected);
    expect(decision.refusal.message).toMatch(/\S/);
  });
});

describe('roles (RULES.md §1, §4 column "role")', () => {
  const roles: Role[] = ['structure', 'prefecture', 'anct', 'bdt', 'training_org', 'auditor', 'system'];
  const situationAccepting = (type: PostEventType) =>
    (Object.keys(expectations) as SituationName[]).find((n) => expectations[n].accepts.includes(type));

  const cases = postEventTypes
    .filter((type) => type !== 'SUBMIT_APPLICATION')
    .flatMap((type) => roles.filter((role) => !postEventRoles[type].includes(role)).map((role) => [type, role] as const));

  it.each(cases)('%s sent by %s is refused as forbidden for its role', (type, role) => {
    const situation = situationAccepting(type);
    expect(situation).toBeDefined();
    const decision = decidePostEvent(all[situation!], actorInScope(role, all[situation!].context.structure), sampleEvents[type], LATEST_POST_RULES_REVISION);
    expect(decision).toMatchObject({ accepted: false, refusal: { kind: 'forbidden', code: 'role.forbidden' } });
  });

  it('every staff event except the application is accepted somewhere, so each role check above ran on a live state', () => {
    const never = postEventTypes.filter((t) => t !== 'SUBMIT_APPLICATION' && !situationAccepting(t));
    expect(never).toEqual([]);
  });
});

describe('territories (RULES.md §1)', () => {
  it('refuses a prefecture of 974 on a post of 971, naming both (RULES.md §7)', () => {
    const decision = decidePostEvent(all.concertation, { id: 'p', role: 'prefecture', department: '974' }, sampleEvents.GIVE_PREFECTURE_OPINION, LATEST_POST_RULES_REVISION);
    expect(decision).toMatchObject({ accepted: false, refusal: { code: 'scope.department' } });
    if (!decision.accepted) expect(decision.refusal.message).toBe('La préfecture du 974 ne peut pas agir sur un poste du 971.');
  });

  it('refuses a structure acting on another structure’s post', () => {
    const other = { id: 's', role: 'structure', siret: '41234567800012' } as const;
    expect(decidePostEvent(all.recruiting, other, sampleEvents.VALIDATE_CANDIDATE, LATEST_POST_RULES_REVISION)).toMatchObject({
      accepted: false,
      refusal: { kind: 'forbidden', code: 'scope.structure' },
    });
  });

  it('refuses a training organisation the advisor is not enrolled with', () => {
    const other = { id: 'o', role: 'training_org', trainingOrgId: 'OF-LYON-2' } as const;
    expect(decidePostEvent(all.onboardingReady, other, sampleEvents.START_TRAINING, LATEST_POST_RULES_REVISION)).toMatchObject({
      accepted: false,
      refusal: { kind: 'forbidden', code: 'scope.training_org' },
    });
  });
});
