import { and, assign, setup } from 'xstate';
import { addCalendarMonths, daysBetween, type BusinessDate } from '../calendar/business-date';
import { conventionEndOn } from '../policies/convention-end';
import { derogationDeadline } from '../policies/derogation';
import { firstFollowUpReports, nextFollowUpReportOn } from '../policies/follow-up-reports';
import { recruitmentDeadline, recruitmentRunsUntilContract } from '../policies/recruitment-deadline';
import { computeSubsidy } from '../policies/subsidy';
import { computeRenewalSchedule, computeTrancheSchedule, trancheAnchor } from '../policies/tranche-schedule';
import { transferredPostId } from './transferred-post';
import type { PostContext, PostInput, Tranche } from './post-context';
import type { PostEvent } from './post-events';
import { postRules, type PostRuleName } from './post-rules';
import type { NotificationTopic } from './post-notification-topics';

/**
 * The lifecycle of one post (RULES.md §3–§4). Pure: no `after`, `invoke` or promises. Time and
 * side effects belong to the workflow, which feeds this machine with `transition()` and carries
 * out the `notify` actions it returns. Every guard is a rule of `post-rules.ts`.
 */

type EventOf<T extends PostEvent['type']> = Extract<PostEvent, { type: T }>;
const as = <T extends PostEvent['type']>(event: PostEvent, _type: T) => event as EventOf<T>;

const ruleGuard =
  (name: PostRuleName) =>
  ({ context, event }: { context: PostContext; event: PostEvent }) =>
    (postRules[name] as (c: PostContext, e: PostEvent) => { ok: boolean })(context, event).ok;

/** Tranches are computed once both the convention and the policy's anchor date are known. */
function withTrancheSchedule(context: PostContext): Tranche[] {
  const { convention, contract, training } = context;
  if (!convention || context.tranches.length > 0) return context.tranches;
  const anchorKind = trancheAnchor(convention.policy);
  const anchorOn =
    anchorKind === 'contract-signature'
      ? contract?.signedOn
      : anchorKind === 'convention-signature'
        ? convention.signedOn
        : // An exempt advisor never leaves for training: the contract start stands for it (our choice, see docs).
          (training?.startedOn ?? (training?.exemption ? contract?.startsOn : undefined));
  if (!anchorOn) return [];
  return computeTrancheSchedule({ policy: convention.policy, totalCents: convention.amountCents, anchorOn }).map((t) => ({
    number: t.number,
    percent: t.percent,
    amountCents: t.amountCents,
    dueOn: t.dueOn,
    // Rules revision 3: "dans le mois suivant la signature du contrat" is payable from the signature on.
    ...(context.rulesRevision >= 3 && t.payableFrom !== t.dueOn ? { payableFrom: t.payableFrom } : {}),
    status: 'scheduled' as const,
    paidOn: null,
  }));
}

/** The convention's subsidy, from the signed contract or, before it (rules revision 3), the planned type. */
function conventionSubsidy(context: PostContext, event: Extract<PostEvent, { type: 'SIGN_CONVENTION' }>) {
  const contractType = context.contract?.contractType ?? event.contractType!;
  const subsidy = computeSubsidy({
    policy: context.policy,
    sector: context.structure.sector,
    structureKind: context.structure.kind,
    department: context.structure.department,
    contractType,
    otherAidCents: context.contract?.otherAidCents ?? 0,
    suppliedAmountCents: event.amountCents,
    suppliedConventionMonths: context.rulesRevision >= 3 ? event.months : undefined,
  });
  if (!subsidy.ok) throw new Error(`unguarded convention: ${subsidy.code}`);
  return { ...subsidy, contractType };
}

/**
 * A renewal pays yearly tranches of an amount bdt gives (003_0395d5c6dd79564e.txt). VALIDATE_RENEWAL
 * carries one total for the period: it is shared equally between its years, the cents left over
 * going to the last year, so the tranches add up to it exactly.
 */
function renewalTranches(signedOn: BusinessDate, totalCents: number, months: number): Tranche[] {
  const years = Math.ceil(months / 12);
  const share = Math.floor(totalCents / years);
  const amountsCents = Array.from({ length: years }, (_, i) => (i === years - 1 ? totalCents - share * (years - 1) : share));
  const schedule = computeRenewalSchedule({ anchorOn: signedOn, amountsCents });
  if (!schedule.ok) throw new Error(`unguarded renewal: ${schedule.code}`);
  return schedule.tranches.map((t) => ({
    number: t.number,
    percent: Math.round((t.amountCents * 100) / totalCents),
    amountCents: t.amountCents,
    dueOn: t.dueOn,
    status: 'scheduled' as const,
    paidOn: null,
  }));
}

export const postLifecycleMachine = setup({
  types: {
    context: {} as PostContext,
    events: {} as PostEvent,
    input: {} as PostInput,
  },
  guards: {
    derogationExtendsDeadline: ruleGuard('derogationExtendsDeadline'),
    derogationLastsAMonth: ruleGuard('derogationLastsAMonth'),
    contractCoveredByConvention: ruleGuard('contractCoveredByConvention'),
    trainingToComplete: ruleGuard('trainingToComplete'),
    trancheConditionsHold: ruleGuard('trancheConditionsHold'),
    absenceEndsThatDay: ruleGuard('absenceEndsThatDay'),
    recruitmentDeadlineRunning: ruleGuard('recruitmentDeadlineRunning'),
    transferToAnotherStructure: ruleGuard('transferToAnotherStructure'),
    jobOfferPublishedLongEnough: ruleGuard('jobOfferPublishedLongEnough'),
    contractStartsOnOrAfterSignature: ruleGuard('contractStartsOnOrAfterSignature'),
    contractDurationWithinPolicy: ruleGuard('contractDurationWithinPolicy'),
    positioningOnPolicyPaths: ruleGuard('positioningOnPolicyPaths'),
    contractSignedBeforeTraining: ruleGuard('contractSignedBeforeTraining'),
    positioningSetsATrainingPath: ruleGuard('positioningSetsATrainingPath'),
    candidateValidated: ruleGuard('candidateValidated'),
    conventionAmountResolvable: ruleGuard('conventionAmountResolvable'),
    trancheIsDue: ruleGuard('trancheIsDue'),
    paymentMatchesTranche: ruleGuard('paymentMatchesTranche'),
    firstTrancheConditionsMet: ruleGuard('firstTrancheConditionsMet'),
    trancheIsScheduled: ruleGuard('trancheIsScheduled'),
    followUpReportScheduled: ruleGuard('followUpReportScheduled'),
    absenceDeclarable: ruleGuard('absenceDeclarable'),
    absenceDeclared: ruleGuard('absenceDeclared'),
    contractSigned: ruleGuard('contractSigned'),
    contractAwaitingTransmission: ruleGuard('contractAwaitingTransmission'),
    contractNotYetSigned: ruleGuard('contractNotYetSigned'),
    conventionSigned: ruleGuard('conventionSigned'),
    // Guide 2022 (000_478a79800a90412a.txt): `validated` opens recruitment, anything else ends the application.
    committeeValidated: ({ event }) => as(event, 'COMMITTEE_DECISION').decision === 'validated',
    // Guide 2021 (001_6dade1b22e1aa482.txt): "Un suivi régulier est effectué, tous les mois sur les activités du conseiller".
    activityReportFallsDue: ({ event }) => as(event, 'FOLLOW_UP_DUE').report === 'activity',
    // Guide 2021 (001_6dade1b22e1aa482.txt): "tous les trimestres sur l'utilisation de la subvention".
    subsidyUseReportFallsDue: ({ event }) => as(event, 'FOLLOW_UP_DUE').report === 'subsidy-use',
    // Guide 2021 (001_6dade1b22e1aa482.txt): "Suivi semestriel du conseiller numérique"; AMI 2021 (002_…): "reporting semestriel".
    hostingConditionsReportFallsDue: ({ event }) => as(event, 'FOLLOW_UP_DUE').report === 'hosting-conditions',
    // FAQ (003_0395d5c6dd79564e.txt): "Un conseiller numérique peut être dispensé de la formation initiale obligatoire".
    exemptAdvisorUnderContract: ({ context }) => Boolean(context.training?.exemption && context.contract),
    // RULES.md §8: what rules revision 3 adds is offered to the runs that decide with it.
    sinceRulesRevision3: ({ context }) => context.rulesRevision >= 3,
    // FAQ (003_0395d5c6dd79564e.txt): "La structure doit notifier sa volonté de ne pas renouveler sa convention"; past its end, the post leaves.
    conventionAlreadyEnded: ({ context }) => context.conventionEnded,
    // FAQ (003_0395d5c6dd79564e.txt): "les conseillers dont le contrat arrive à échéance au cours de la formation peuvent terminer leur formation".
    departedTraineeInTraining: ({ context }) =>
      context.rulesRevision >= 3 && Boolean(context.departedTrainee?.training.startedOn && !context.departedTrainee.training.completedOn),
  },
  actions: {
    /** Carried out by the workflow: one outbox row per topic and post, written once. */
    notify: (_, _params: { topic: NotificationTopic }) => {},
    /** Carried out by the workflow: starts the target structure's post of a transfer (rules revision 3). */
    startTransferredPost: () => {},
    recordInformationRequest: assign({
      pendingQuestions: ({ event }) => as(event, 'REQUEST_INFORMATION').questions,
    }),
    clearInformationRequest: assign({ pendingQuestions: null }),
    recordPrefectureOpinion: assign({
      prefectureOpinion: ({ event }) => {
        const { opinion, reasons } = as(event, 'GIVE_PREFECTURE_OPINION');
        return { opinion, reasons };
      },
    }),
    recordCommitteeDecision: assign(({ context, event }) => {
      const e = as(event, 'COMMITTEE_DECISION');
      const notifiedOn = e.notifiedOn ?? e.decidedOn;
      return {
        committee: { decision: e.decision, decidedOn: e.decidedOn, notifiedOn },
        // RULES.md §2.3: the recruitment deadline runs from the notification of the post.
        recruitmentDeadline: e.decision === 'validated' ? recruitmentDeadline(context.policy, notifiedOn) : null,
        outcome:
          e.decision === 'rejected' ? { kind: 'rejected' as const, on: e.decidedOn, reason: e.reasons ?? null } : null,
      };
    }),
    recordDerogation: assign({
      recruitmentDeadline: ({ event }) => {
        const { grantedOn, newDeadline } = as(event, 'GRANT_DEROGATION');
        return grantedOn ? derogationDeadline(grantedOn, newDeadline) : newDeadline!;
      },
    }),
    recordJobOffer: assign({ jobOfferPublishedOn: ({ event }) => as(event, 'PUBLISH_JOB_OFFER').publishedOn }),
    recordCandidate: assign(({ context, event }) => ({
      advisor: as(event, 'VALIDATE_CANDIDATE').advisor,
      advisorsRecruited: context.advisorsRecruited + 1,
      // AMI 2021 (002_ba07e18f5cc1ad7d.txt): "pour effectuer le recrutement et signer le contrat de travail" (rules revision 3).
      recruitmentDeadline:
        context.rulesRevision >= 3 && recruitmentRunsUntilContract(context.policy) ? context.recruitmentDeadline : null,
    })),
    recordSubsidyRequest: assign({
      subsidyRequest: ({ context, event }) => {
        const e = as(event, 'SUBMIT_SUBSIDY_REQUEST');
        return {
          dossierNumber: e.dossierNumber,
          submittedOn: e.submittedOn,
          documentsRequested: [],
          conformityValidatedOn: null,
          ...(context.rulesRevision >= 3 ? { instructionClock: { pausedDays: 0, pausedSince: null, resumedOn: e.submittedOn } } : {}),
        };
      },
    }),
    // RULES.md §2.3 (rules revision 3): the instruction clock pauses while bdt waits for the documents; without
    // the request's day, the pause counts from the last day the clock surely ran, so bdt is never chased early.
    recordDocumentsRequest: assign({
      subsidyRequest: ({ context, event }) => {
        const e = as(event, 'REQUEST_DOCUMENTS');
        const { instructionClock: clock, ...request } = context.subsidyRequest!;
        return {
          ...request,
          documentsRequested: e.documents,
          ...(clock ? { instructionClock: { ...clock, pausedSince: e.requestedOn ?? clock.resumedOn } } : {}),
        };
      },
    }),
    recordDocumentsProvided: assign({
      subsidyRequest: ({ context, event }) => {
        const { providedOn } = as(event, 'PROVIDE_DOCUMENTS');
        const { instructionClock: clock, ...request } = context.subsidyRequest!;
        const paused = clock?.pausedSince ? Math.max(0, daysBetween(clock.pausedSince, providedOn)) : 0;
        return {
          ...request,
          documentsRequested: [],
          ...(clock ? { instructionClock: { pausedDays: clock.pausedDays + paused, pausedSince: null, resumedOn: providedOn } } : {}),
        };
      },
    }),
    recordConformity: assign({
      subsidyRequest: ({ context, event }) => ({
        ...context.subsidyRequest!,
        conformityValidatedOn: as(event, 'VALIDATE_CONFORMITY').validatedOn,
      }),
    }),
    recordEnrolment: assign({
      training: ({ event }) => {
        const e = as(event, 'ENROL_IN_TRAINING');
        return {
          trainingOrgId: e.trainingOrgId,
          enrolledOn: e.enrolledOn,
          hours: null,
          exemption: null,
          startedOn: null,
          completedOn: null,
          ccp1: null,
          pix: null,
        };
      },
    }),
    recordPositioning: assign(({ context, event }) => {
      const e = as(event, 'RECORD_POSITIONING');
      const training = { ...context.training!, hours: e.hours ?? null, exemption: e.exemption ?? null };
      return { training, tranches: withTrancheSchedule({ ...context, training }) };
    }),
    recordContract: assign(({ context, event }) => {
      const e = as(event, 'SIGN_CONTRACT');
      const contract = {
        contractType: e.contractType,
        signedOn: e.signedOn,
        startsOn: e.startsOn,
        endsOn: e.endsOn ?? null,
        otherAidCents: e.otherAidCents ?? 0,
        transmittedOn: null,
      };
      return { contract, recruitmentDeadline: null, tranches: withTrancheSchedule({ ...context, contract }) };
    }),
    recordContractTransmission: assign({
      contract: ({ context, event }) => ({
        ...context.contract!,
        transmittedOn: as(event, 'TRANSMIT_CONTRACT').transmittedOn,
      }),
    }),
    recordConvention: assign(({ context, event }) => {
      const e = as(event, 'SIGN_CONVENTION');
      const subsidy = conventionSubsidy(context, e);
      const convention = {
        period: 1,
        policy: context.policy,
        amountCents: subsidy.amountCents,
        months: subsidy.conventionMonths,
        signedOn: e.signedOn,
        endsOn: conventionEndOn(e.signedOn, subsidy.conventionMonths),
        ...(context.rulesRevision >= 3 ? { contractType: subsidy.contractType } : {}),
      };
      return {
        convention,
        tranches: withTrancheSchedule({ ...context, convention }),
        followUpReportsDue: context.rulesRevision >= 2 ? firstFollowUpReports(context.policy, e.signedOn) : {},
      };
    }),
    recordTrainingStart: assign(({ context, event }) => {
      const training = { ...context.training!, startedOn: as(event, 'START_TRAINING').startedOn };
      return { training, tranches: withTrancheSchedule({ ...context, training }) };
    }),
    recordTrainingCompletion: assign(({ context, event }) => {
      const e = as(event, 'COMPLETE_TRAINING');
      return {
        training: { ...context.training!, completedOn: e.completedOn, ccp1: e.ccp1, pix: e.pix ?? null },
        nextActivityReportOn: addCalendarMonths(e.completedOn, 1),
      };
    }),
    recordDepartedTraineeCompletion: assign({
      departedTrainee: ({ context, event }) => {
        const e = as(event, 'COMPLETE_TRAINING');
        const { advisor, training } = context.departedTrainee!;
        return { advisor, training: { ...training, completedOn: e.completedOn, ccp1: e.ccp1, pix: e.pix ?? null } };
      },
    }),
    startActivityReportsOnContractStart: assign({
      nextActivityReportOn: ({ context }) => addCalendarMonths(context.contract!.startsOn, 1),
    }),
    markTrancheDue: assign({
      tranches: ({ context, event }) =>
        context.tranches.map((t) => (t.number === as(event, 'TRANCHE_DUE').tranche ? { ...t, status: 'due' as const } : t)),
    }),
    markTrancheDueWhileSuspended: assign({
      tranches: ({ context, event }) =>
        context.tranches.map((t) =>
          t.number === as(event, 'TRANCHE_DUE').tranche ? { ...t, status: 'suspended' as const } : t,
        ),
    }),
    recordTranchePayment: assign({
      tranches: ({ context, event }) => {
        const e = as(event, 'CONFIRM_TRANCHE_PAYMENT');
        return context.tranches.map((t) => (t.number === e.tranche ? { ...t, status: 'paid' as const, paidOn: e.paidOn } : t));
      },
    }),
    suspendDueTranches: assign({
      suspensionReason: ({ event }) => as(event, 'SUSPEND_PAYMENTS').reason,
      tranches: ({ context }) =>
        context.tranches.map((t) => (t.status === 'due' ? { ...t, status: 'suspended' as const } : t)),
    }),
    releaseSuspendedTranches: assign({
      suspensionReason: null,
      tranches: ({ context }) =>
        context.tranches.map((t) => (t.status === 'suspended' ? { ...t, status: 'due' as const } : t)),
    }),
    // A new declaration replaces the running one (rules revision 3): an extended sick leave is declared again.
    recordAbsence: assign({
      absence: ({ event }) => {
        const { kind, from, to, supportingDocuments } = as(event, 'DECLARE_ABSENCE');
        return { kind, from, to, ...(supportingDocuments ? { supportingDocuments } : {}) };
      },
    }),
    // Activity reports resume a month after the return, not on the date missed during the absence;
    // an absence in training ends with no report to resume.
    endAbsence: assign({
      absence: null,
      nextActivityReportOn: ({ context, event }) => {
        if (context.nextActivityReportOn === null) return null;
        const endedOn = event.type === 'END_ABSENCE' ? event.endedOn : as(event, 'ABSENCE_END_REACHED').on;
        return addCalendarMonths(endedOn, 1);
      },
    }),
    scheduleNextActivityReport: assign({
      nextActivityReportOn: ({ event }) => addCalendarMonths(as(event, 'FOLLOW_UP_DUE').on, 1),
    }),
    scheduleNextFollowUpReport: assign({
      followUpReportsDue: ({ context, event }) => {
        const { report, on } = as(event, 'FOLLOW_UP_DUE');
        if (report === 'activity') return context.followUpReportsDue;
        const convention = context.convention!;
        const next = nextFollowUpReportOn(convention.policy, report, convention.signedOn, on);
        return { ...context.followUpReportsDue, [report]: next ?? undefined };
      },
    }),
    // A replacement is recruited and trained again (003_0395d5c6dd79564e.txt); the convention stays with the post.
    // Rules revision 3: an advisor in training keeps that training, to finish it and sit the exams.
    vacatePost: assign(({ context }) => {
      const { advisor, training } = context;
      const inTraining = context.rulesRevision >= 3 && advisor && training?.startedOn && !training.completedOn;
      return {
        advisor: null,
        contract: null,
        training: null,
        absence: null,
        jobOfferPublishedOn: null,
        nextActivityReportOn: null,
        departedTrainee: inTraining ? { advisor, training } : context.departedTrainee,
      };
    }),
    recordRenewalRequest: assign({ renewalRequestedOn: ({ event }) => as(event, 'REQUEST_RENEWAL').requestedOn }),
    markConventionEnded: assign({ conventionEnded: true }),
    startRenewedPeriod: assign(({ context, event }) => {
      const e = as(event, 'VALIDATE_RENEWAL');
      const previous = context.convention!;
      const convention = {
        period: previous.period + 1,
        policy: '2025-renewal' as const,
        amountCents: e.amountCents,
        months: e.months,
        signedOn: e.signedOn,
        endsOn: conventionEndOn(e.signedOn, e.months),
      };
      // Rules revision 3 (003_0395d5c6dd79564e.txt): the new period pays after "transmission du contrat de travail ( en cours de validité)".
      const newTransmission = context.rulesRevision >= 3 && context.contract;
      return {
        pastPeriods: [
          ...context.pastPeriods,
          newTransmission
            ? { convention: previous, tranches: context.tranches, contractTransmittedOn: context.contract!.transmittedOn }
            : { convention: previous, tranches: context.tranches },
        ],
        ...(newTransmission ? { contract: { ...context.contract!, transmittedOn: null } } : {}),
        convention,
        tranches: renewalTranches(e.signedOn, e.amountCents, e.months),
        // The renewal FAQ (003_…) asks for activity reports only.
        followUpReportsDue: {},
        renewalRequestedOn: null,
        conventionEnded: false,
      };
    }),
    recordWithdrawal: assign({
      outcome: ({ event }) => ({ kind: 'withdrawn' as const, on: null, reason: as(event, 'WITHDRAW_POST').reason }),
    }),
    recordRenewalRefusal: assign({ renewalRefusalReasons: ({ event }) => as(event, 'REFUSE_RENEWAL').reasons }),
    recordNaturalExit: assign({
      outcome: ({ context }) => ({ kind: 'closed' as const, on: context.convention?.endsOn ?? null, reason: context.renewalRefusalReasons }),
    }),
    recordEarlyExit: assign({
      outcome: ({ event }) => {
        const e = as(event, 'EXIT_EARLY');
        return { kind: 'exited_early' as const, on: e.exitedOn, reason: e.reason };
      },
    }),
    recordReturn: assign({
      outcome: ({ event }) => {
        const e = as(event, 'RETURN_POST');
        return { kind: 'returned' as const, on: e.returnedOn, reason: e.reason };
      },
    }),
    recordTransfer: assign(({ context, event }) => {
      const e = as(event, 'TRANSFER_POST');
      // Rules revision 3 (RULES.md §4): the target's post is created, linked to this one both ways.
      const linked = context.rulesRevision >= 3;
      return {
        transferTarget: e.targetStructure,
        transferredToPostId: linked ? transferredPostId(context.postId) : null,
        outcome: { kind: 'transferred' as const, on: linked ? (e.transferredOn ?? null) : null, reason: context.outcome?.reason ?? null },
      };
    }),
  },
}).createMachine({
  id: 'post',
  context: ({ input }) => ({
    postId: input.postId,
    policy: input.policy,
    rulesRevision: input.rulesRevision,
    structure: input.structure,
    appliedOn: input.appliedOn,
    pendingQuestions: null,
    prefectureOpinion: null,
    committee: null,
    recruitmentDeadline: null,
    jobOfferPublishedOn: null,
    advisor: null,
    advisorsRecruited: 0,
    subsidyRequest: null,
    training: null,
    contract: null,
    convention: null,
    tranches: [],
    pastPeriods: [],
    suspensionReason: null,
    absence: null,
    renewalRequestedOn: null,
    conventionEnded: false,
    nextActivityReportOn: null,
    followUpReportsDue: {},
    outcome: null,
    transferTarget: null,
    departedTrainee: null,
    renewalRefusalReasons: null,
    transferredFromPostId: null,
    transferredToPostId: null,
  }),
  // The root's entry runs once, when the application creates the post.
  entry: { type: 'notify', params: { topic: 'application-submitted' } },
  initial: 'concertation',
  states: {
    concertation: {
      on: {
        REQUEST_INFORMATION: {
          target: 'informationRequested',
          actions: ['recordInformationRequest', { type: 'notify', params: { topic: 'information-requested' } }],
        },
        GIVE_PREFECTURE_OPINION: {
          target: 'committee',
          actions: ['recordPrefectureOpinion', { type: 'notify', params: { topic: 'opinion-given' } }],
        },
      },
    },
    informationRequested: {
      on: {
        PROVIDE_INFORMATION: {
          target: 'concertation',
          actions: ['clearInformationRequest', { type: 'notify', params: { topic: 'information-provided' } }],
        },
      },
    },
    committee: {
      on: {
        COMMITTEE_DECISION: [
          {
            guard: 'committeeValidated',
            target: 'programme',
            actions: ['recordCommitteeDecision', { type: 'notify', params: { topic: 'post-validated' } }],
          },
          {
            target: 'rejected',
            actions: ['recordCommitteeDecision', { type: 'notify', params: { topic: 'post-rejected' } }],
          },
        ],
      },
    },
    programme: {
      type: 'parallel',
      on: {
        EXIT_EARLY: {
          target: 'exitedEarly',
          actions: ['recordEarlyExit', { type: 'notify', params: { topic: 'post-exited-early' } }],
        },
        // Taken only where no region handles the event: a current trainee's completion comes first.
        COMPLETE_TRAINING: {
          guard: 'departedTraineeInTraining',
          actions: ['recordDepartedTraineeCompletion', { type: 'notify', params: { topic: 'departed-trainee-completed' } }],
        },
      },
      states: {
        staffing: {
          initial: 'recruiting',
          states: {
            recruiting: {
              on: {
                VALIDATE_CANDIDATE: { target: 'onboarding', actions: 'recordCandidate' },
                PUBLISH_JOB_OFFER: { guard: 'contractNotYetSigned', actions: 'recordJobOffer' },
                GRANT_DEROGATION: {
                  guard: and(['derogationLastsAMonth', 'derogationExtendsDeadline']),
                  target: 'recruiting',
                  reenter: true,
                  actions: ['recordDerogation', { type: 'notify', params: { topic: 'derogation-granted' } }],
                },
                RECRUITMENT_DEADLINE_REACHED: {
                  target: 'recruitmentOverdue',
                  actions: { type: 'notify', params: { topic: 'recruitment-overdue' } },
                },
                RETURN_POST: {
                  target: '#post.returned',
                  actions: ['recordReturn', { type: 'notify', params: { topic: 'post-returned' } }],
                },
              },
            },
            recruitmentOverdue: {
              on: {
                GRANT_DEROGATION: {
                  guard: and(['derogationLastsAMonth', 'derogationExtendsDeadline']),
                  target: 'recruiting',
                  actions: ['recordDerogation', { type: 'notify', params: { topic: 'derogation-granted' } }],
                },
                WITHDRAW_POST: {
                  target: '#post.withdrawn',
                  actions: ['recordWithdrawal', { type: 'notify', params: { topic: 'post-withdrawn' } }],
                },
                RETURN_POST: {
                  target: '#post.returned',
                  actions: ['recordReturn', { type: 'notify', params: { topic: 'post-returned' } }],
                },
              },
            },
            onboarding: {
              type: 'parallel',
              always: { guard: 'exemptAdvisorUnderContract', target: 'inPost', actions: 'startActivityReportsOnContractStart' },
              on: {
                START_TRAINING: {
                  guard: and(['contractSignedBeforeTraining', 'positioningSetsATrainingPath']),
                  target: 'inTraining',
                  actions: 'recordTrainingStart',
                },
                DECLARE_CONTRACT_RUPTURE: {
                  guard: 'contractSigned',
                  target: 'vacant',
                  actions: ['vacatePost', { type: 'notify', params: { topic: 'contract-broken' } }],
                },
                TRANSMIT_CONTRACT: { guard: 'contractAwaitingTransmission', actions: 'recordContractTransmission' },
              },
              states: {
                trainingFile: {
                  initial: 'notEnrolled',
                  states: {
                    notEnrolled: {
                      on: { ENROL_IN_TRAINING: { target: 'enrolled', actions: 'recordEnrolment' } },
                    },
                    enrolled: {
                      on: {
                        RECORD_POSITIONING: {
                          guard: 'positioningOnPolicyPaths',
                          target: 'positioned',
                          actions: 'recordPositioning',
                        },
                      },
                    },
                    positioned: {},
                  },
                },
                contractFile: {
                  initial: 'unsigned',
                  states: {
                    unsigned: {
                      on: {
                        PUBLISH_JOB_OFFER: { guard: 'contractNotYetSigned', actions: 'recordJobOffer' },
                        SIGN_CONTRACT: {
                          guard: and([
                            'contractStartsOnOrAfterSignature',
                            'contractDurationWithinPolicy',
                            'jobOfferPublishedLongEnough',
                            'contractCoveredByConvention',
                          ]),
                          target: 'signed',
                          actions: 'recordContract',
                        },
                        // AMI 2021 (002_ba07e18f5cc1ad7d.txt): three months "pour effectuer le recrutement et signer le contrat de travail".
                        RECRUITMENT_DEADLINE_REACHED: {
                          guard: and(['sinceRulesRevision3', 'recruitmentDeadlineRunning']),
                          target: 'overdue',
                          actions: { type: 'notify', params: { topic: 'recruitment-overdue' } },
                        },
                      },
                    },
                    // The candidate is chosen but the contract not signed in time: ANCT decides, as for recruitment.
                    overdue: {
                      on: {
                        GRANT_DEROGATION: {
                          guard: and(['derogationLastsAMonth', 'derogationExtendsDeadline']),
                          target: 'unsigned',
                          actions: ['recordDerogation', { type: 'notify', params: { topic: 'derogation-granted' } }],
                        },
                        WITHDRAW_POST: {
                          target: '#post.withdrawn',
                          actions: ['recordWithdrawal', { type: 'notify', params: { topic: 'post-withdrawn' } }],
                        },
                      },
                    },
                    signed: {},
                  },
                },
              },
            },
            inTraining: {
              on: {
                COMPLETE_TRAINING: {
                  target: 'inPost',
                  actions: ['recordTrainingCompletion', { type: 'notify', params: { topic: 'training-completed' } }],
                },
                // RULES.md §4 (rules revision 3): absences happen in training too.
                DECLARE_ABSENCE: {
                  guard: and(['sinceRulesRevision3', 'absenceDeclarable']),
                  actions: ['recordAbsence', { type: 'notify', params: { topic: 'absence-declared' } }],
                },
                END_ABSENCE: {
                  guard: and(['sinceRulesRevision3', 'absenceDeclared']),
                  actions: ['endAbsence', { type: 'notify', params: { topic: 'absence-ended' } }],
                },
                ABSENCE_END_REACHED: { guard: and(['sinceRulesRevision3', 'absenceEndsThatDay']), actions: 'endAbsence' },
                TRANSMIT_CONTRACT: { guard: 'contractAwaitingTransmission', actions: 'recordContractTransmission' },
                DECLARE_CONTRACT_RUPTURE: {
                  target: 'vacant',
                  actions: ['vacatePost', { type: 'notify', params: { topic: 'contract-broken' } }],
                },
              },
            },
            inPost: {
              on: {
                DECLARE_ABSENCE: {
                  guard: 'absenceDeclarable',
                  actions: ['recordAbsence', { type: 'notify', params: { topic: 'absence-declared' } }],
                },
                END_ABSENCE: { guard: 'absenceDeclared', actions: ['endAbsence', { type: 'notify', params: { topic: 'absence-ended' } }] },
                ABSENCE_END_REACHED: { guard: and(['sinceRulesRevision3', 'absenceEndsThatDay']), actions: 'endAbsence' },
                FOLLOW_UP_DUE: {
                  guard: and(['activityReportFallsDue', 'followUpReportScheduled']),
                  actions: [{ type: 'notify', params: { topic: 'activity-report-due' } }, 'scheduleNextActivityReport'],
                },
                TRANSMIT_CONTRACT: { guard: 'contractAwaitingTransmission', actions: 'recordContractTransmission' },
                DECLARE_CONTRACT_RUPTURE: {
                  target: 'vacant',
                  actions: ['vacatePost', { type: 'notify', params: { topic: 'contract-broken' } }],
                },
              },
            },
            vacant: {
              on: {
                VALIDATE_CANDIDATE: { target: 'onboarding', actions: 'recordCandidate' },
                PUBLISH_JOB_OFFER: { guard: 'contractNotYetSigned', actions: 'recordJobOffer' },
                RETURN_POST: {
                  target: '#post.returned',
                  actions: ['recordReturn', { type: 'notify', params: { topic: 'post-returned' } }],
                },
              },
            },
          },
        },
        funding: {
          initial: 'notRequested',
          states: {
            notRequested: {
              on: {
                SUBMIT_SUBSIDY_REQUEST: {
                  guard: 'candidateValidated',
                  target: 'instruction',
                  actions: [
                    'recordSubsidyRequest',
                    { type: 'notify', params: { topic: 'subsidy-requested' } },
                    { type: 'notify', params: { topic: 'subsidy-request-received' } },
                  ],
                },
              },
            },
            instruction: {
              on: {
                REQUEST_DOCUMENTS: {
                  target: 'documentsRequested',
                  actions: ['recordDocumentsRequest', { type: 'notify', params: { topic: 'documents-requested' } }],
                },
                VALIDATE_CONFORMITY: { target: 'conform', actions: 'recordConformity' },
              },
            },
            documentsRequested: {
              on: { PROVIDE_DOCUMENTS: { target: 'instruction', actions: 'recordDocumentsProvided' } },
            },
            conform: {
              on: {
                SIGN_CONVENTION: {
                  guard: 'conventionAmountResolvable',
                  target: 'convention',
                  actions: ['recordConvention', { type: 'notify', params: { topic: 'convention-signed' } }],
                },
              },
            },
            convention: {
              initial: 'running',
              on: {
                FOLLOW_UP_DUE: [
                  {
                    guard: and(['subsidyUseReportFallsDue', 'followUpReportScheduled']),
                    actions: [{ type: 'notify', params: { topic: 'subsidy-use-report-due' } }, 'scheduleNextFollowUpReport'],
                  },
                  {
                    guard: and(['hostingConditionsReportFallsDue', 'followUpReportScheduled']),
                    actions: [{ type: 'notify', params: { topic: 'hosting-conditions-report-due' } }, 'scheduleNextFollowUpReport'],
                  },
                ],
              },
              states: {
                running: {
                  on: {
                    REQUEST_RENEWAL: {
                      target: 'renewalRequested',
                      actions: ['recordRenewalRequest', { type: 'notify', params: { topic: 'renewal-requested' } }],
                    },
                    DECLINE_RENEWAL: { target: 'renewalDeclined', actions: { type: 'notify', params: { topic: 'renewal-declined' } } },
                    CONVENTION_END_REACHED: {
                      target: 'ended',
                      actions: ['markConventionEnded', { type: 'notify', params: { topic: 'convention-ended' } }],
                    },
                  },
                },
                renewalRequested: {
                  on: {
                    VALIDATE_RENEWAL: {
                      target: 'running',
                      actions: ['startRenewedPeriod', { type: 'notify', params: { topic: 'renewal-validated' } }],
                    },
                    // RULES.md §5: the convention's end is told while bdt instructs the renewal too.
                    CONVENTION_END_REACHED: { actions: ['markConventionEnded', { type: 'notify', params: { topic: 'convention-ended' } }] },
                    // RULES.md §4 (rules revision 3): bdt may refuse the renewal; the post ends at the convention's end.
                    REFUSE_RENEWAL: [
                      {
                        guard: and(['sinceRulesRevision3', 'conventionAlreadyEnded']),
                        target: '#post.closed',
                        actions: [
                          'recordRenewalRefusal',
                          'recordNaturalExit',
                          { type: 'notify', params: { topic: 'renewal-refused' } },
                          { type: 'notify', params: { topic: 'post-closed' } },
                        ],
                      },
                      {
                        guard: 'sinceRulesRevision3',
                        target: 'renewalDeclined',
                        actions: ['recordRenewalRefusal', { type: 'notify', params: { topic: 'renewal-refused' } }],
                      },
                    ],
                    // RULES.md §4 (rules revision 3): the structure may withdraw its request.
                    DECLINE_RENEWAL: [
                      {
                        guard: and(['sinceRulesRevision3', 'conventionAlreadyEnded']),
                        target: '#post.closed',
                        actions: ['recordNaturalExit', { type: 'notify', params: { topic: 'post-closed' } }],
                      },
                      {
                        guard: 'sinceRulesRevision3',
                        target: 'renewalDeclined',
                        actions: { type: 'notify', params: { topic: 'renewal-declined' } },
                      },
                    ],
                  },
                },
                renewalDeclined: {
                  on: {
                    CONVENTION_END_REACHED: {
                      target: '#post.closed',
                      actions: ['markConventionEnded', 'recordNaturalExit', { type: 'notify', params: { topic: 'post-closed' } }],
                    },
                  },
                },
                ended: {
                  on: {
                    REQUEST_RENEWAL: {
                      target: 'renewalRequested',
                      actions: ['recordRenewalRequest', { type: 'notify', params: { topic: 'renewal-requested' } }],
                    },
                    DECLINE_RENEWAL: {
                      target: '#post.closed',
                      actions: ['recordNaturalExit', { type: 'notify', params: { topic: 'post-closed' } }],
                    },
                  },
                },
              },
            },
          },
        },
        payments: {
          initial: 'flowing',
          states: {
            flowing: {
              on: {
                TRANCHE_DUE: {
                  guard: and(['trancheIsScheduled', 'trancheConditionsHold']),
                  actions: ['markTrancheDue', { type: 'notify', params: { topic: 'tranche-due' } }],
                },
                CONFIRM_TRANCHE_PAYMENT: {
                  guard: and(['trancheIsDue', 'paymentMatchesTranche', 'firstTrancheConditionsMet']),
                  actions: 'recordTranchePayment',
                },
                SUSPEND_PAYMENTS: {
                  guard: 'conventionSigned',
                  target: 'suspended',
                  actions: ['suspendDueTranches', { type: 'notify', params: { topic: 'payments-suspended' } }],
                },
              },
            },
            suspended: {
              on: {
                // AMI 2021 §III.6 (002_ba07e18f5cc1ad7d.txt): a suspended tranche that falls due waits for resumption.
                TRANCHE_DUE: { guard: and(['trancheIsScheduled', 'trancheConditionsHold']), actions: 'markTrancheDueWhileSuspended' },
                RESUME_PAYMENTS: {
                  target: 'flowing',
                  actions: ['releaseSuspendedTranches', { type: 'notify', params: { topic: 'payments-resumed' } }],
                },
              },
            },
          },
        },
      },
    },
    rejected: { type: 'final' },
    withdrawn: { type: 'final' },
    closed: { type: 'final' },
    transferred: { type: 'final' },
    // Returned and exited posts are over for their structure, but ANCT may still move them (RULES.md §4).
    returned: {
      on: {
        TRANSFER_POST: {
          guard: 'transferToAnotherStructure',
          target: 'transferred',
          actions: ['recordTransfer', { type: 'notify', params: { topic: 'post-transferred' } }, 'startTransferredPost'],
        },
      },
    },
    exitedEarly: {
      on: {
        TRANSFER_POST: {
          guard: 'transferToAnotherStructure',
          target: 'transferred',
          actions: ['recordTransfer', { type: 'notify', params: { topic: 'post-transferred' } }, 'startTransferredPost'],
        },
      },
    },
  },
});

export type PostLifecycleMachine = typeof postLifecycleMachine;
