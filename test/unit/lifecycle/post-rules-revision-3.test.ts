import { decideTransferredPost, type PostEffect } from '../../../domain/lifecycle/decide-post-event';
import { deadlineBehaviour, postDeadlines, reminderDates } from '../../../domain/lifecycle/post-deadlines';
import { notificationRows } from '../../../domain/lifecycle/post-notifications';
import { restorePostSnapshot, type StoredPostSnapshot } from '../../../domain/lifecycle/post-snapshot';
import { postView } from '../../../domain/lifecycle/post-view';
import { replayPostTimeline } from '../../../domain/lifecycle/replay-post-timeline';
import { allowedEvents } from '../../../domain/lifecycle/decide-post-event';
import { transferredPostPolicy } from '../../../domain/policies/policy';
import { type Decided, decideNext, decideSteps, type Step } from '../../support/decide-steps';
import { actors, structures } from '../../support/post-fixtures';
import { sampleEvents } from '../../support/post-sample-events';
import { situations } from '../../support/post-situations';

/**
 * Rules revision 3 (RULES.md §8, issue 10): what the seeds allow and revision 2 refused, what they
 * say must be watched, who must be told. Each case runs under revision 3 and, where revision 2
 * decided otherwise, shows that a post still on revision 2 keeps its rules.
 */
const deadlinesOf = (snapshot: StoredPostSnapshot) => postDeadlines(restorePostSnapshot(snapshot));
const kindsOf = (snapshot: StoredPostSnapshot) => deadlinesOf(snapshot).map((d) => d.kind);
const notified = (decided: { last: Decided['last'] }) =>
  decided.last.effects.flatMap((e: PostEffect) => (e.type === 'notify' ? [e.topic] : []));
const refusalOf = (decision: ReturnType<typeof decideNext>) => (decision.accepted ? null : decision.refusal.code);

const granted2021Private: Step[] = [
  { type: 'SUBMIT_APPLICATION', structure: structures.association, appliedOn: '2021-06-01', policy: '2021-private' },
  'GIVE_PREFECTURE_OPINION',
  'COMMITTEE_DECISION',
];
const granted2022Private: Step[] = [
  { type: 'SUBMIT_APPLICATION', structure: structures.association, appliedOn: '2022-03-01' },
  'GIVE_PREFECTURE_OPINION',
  'COMMITTEE_DECISION',
];
const granted2021Public: Step[] = [{ ...sampleEvents.SUBMIT_APPLICATION, appliedOn: '2021-03-01', policy: '2021-public' }, 'GIVE_PREFECTURE_OPINION', 'COMMITTEE_DECISION'];
const privateCdi = { type: 'SIGN_CONTRACT', contractType: 'private-cdi', signedOn: '2022-05-02', startsOn: '2022-05-02' };
const privateCdd = { type: 'SIGN_CONTRACT', contractType: 'private-cdd', signedOn: '2022-05-02', startsOn: '2022-05-02', endsOn: '2023-11-01' };

describe('1. convention and contract in either order (000_478a79800a90412a.txt, 004_de92c4ad36fd347a.txt, 002_ba07e18f5cc1ad7d.txt)', () => {
  const conform: Step[] = [...granted2022Private, 'VALIDATE_CANDIDATE', 'SUBMIT_SUBSIDY_REQUEST', 'VALIDATE_CONFORMITY'];
  const conventionFirst = { type: 'SIGN_CONVENTION', signedOn: '2022-04-27', contractType: 'private-cdi' };

  it('signs the convention before the contract with the planned type, which fixes the amount (000_478a79800a90412a.txt)', () => {
    const { snapshot, last } = decideSteps(3, [...conform, conventionFirst]);
    expect(snapshot.context.convention).toMatchObject({ amountCents: 4_000_000, months: 24, contractType: 'private-cdi' });
    expect(snapshot.context.contract).toBeNull();
    expect(last.status).toBe('onboarding');
  });

  it('refuses a convention signed before the contract that does not say the planned type (004_de92c4ad36fd347a.txt)', () => {
    const { snapshot } = decideSteps(3, conform);
    expect(refusalOf(decideNext(snapshot, 3, { type: 'SIGN_CONVENTION', signedOn: '2022-04-27' }))).toBe('convention.contract_type_missing');
  });

  it('refuses a contract signed later of another type, naming the convention’s (003_0395d5c6dd79564e.txt)', () => {
    const { snapshot } = decideSteps(3, [...conform, conventionFirst]);
    const decision = decideNext(snapshot, 3, privateCdd);
    expect(decision).toMatchObject({ accepted: false, refusal: { code: 'contract.type_differs_from_convention' } });
    expect(!decision.accepted && decision.refusal.message).toContain('CDI de droit privé');
    expect(decideNext(snapshot, 3, privateCdi)).toMatchObject({ accepted: true });
  });

  it('refuses a contract of the convention’s type that the convention’s amount no longer covers (003_0395d5c6dd79564e.txt)', () => {
    const { snapshot } = decideSteps(3, [...conform, conventionFirst]);
    const decision = decideNext(snapshot, 3, { ...privateCdi, otherAidCents: 500_000 });
    expect(decision).toMatchObject({ accepted: false, refusal: { code: 'contract.not_covered_by_convention' } });
    expect(!decision.accepted && decision.refusal.message).toContain('40\u00a0000,00\u00a0€');
  });

  it('schedules 2021 tranches once the contract’s signature, their anchor, is known (002_ba07e18f5cc1ad7d.txt)', () => {
    const steps: Step[] = [...granted2021Private, 'VALIDATE_CANDIDATE', 'SUBMIT_SUBSIDY_REQUEST', 'VALIDATE_CONFORMITY', conventionFirst];
    const before = decideSteps(3, steps).snapshot;
    expect(before.context.tranches).toEqual([]);
    const signed = decideSteps(3, [...steps, privateCdi]).snapshot;
    expect(signed.context.tranches.map((t) => [t.number, t.amountCents, t.dueOn])).toEqual([
      [1, 800_000, '2022-06-02'],
      [2, 1_200_000, '2022-11-02'],
      [3, 2_000_000, '2023-05-02'],
    ]);
  });

  it('keeps refusing it for a post still decided under revision 2 (000_478a79800a90412a.txt)', () => {
    const { snapshot } = decideSteps(2, conform);
    expect(refusalOf(decideNext(snapshot, 2, { type: 'SIGN_CONVENTION', signedOn: '2022-04-27' }))).toBe('convention.contract_missing');
    expect(refusalOf(decideNext(snapshot, 2, conventionFirst))).toBe('rules.revision_required');
  });
});

describe('2. the 2021 private three months run until the contract is signed (002_ba07e18f5cc1ad7d.txt §IV.3)', () => {
  const validated = [...granted2021Private, 'VALIDATE_CANDIDATE'] as Step[];

  it('keeps the deadline and its reminders after the candidate’s validation (002_ba07e18f5cc1ad7d.txt)', () => {
    const { snapshot } = decideSteps(3, validated);
    const deadline = deadlinesOf(snapshot).find((d) => d.kind === 'recruitment');
    expect(deadline).toEqual({ kind: 'recruitment', dueOn: '2022-07-01' });
    expect(reminderDates(deadline!, restorePostSnapshot(snapshot)).map((r) => r.daysBefore)).toEqual([30, 7, 1]);
    expect(kindsOf(decideSteps(3, [...validated, privateCdi]).snapshot)).not.toContain('recruitment');
  });

  it('takes the overdue path when the contract is not signed in time: ANCT is told, derogates or withdraws (002_ba07e18f5cc1ad7d.txt)', () => {
    const overdue = decideSteps(3, [...validated, { type: 'RECRUITMENT_DEADLINE_REACHED', on: '2022-07-01' }]);
    expect(overdue.last.status).toBe('recruitment_overdue');
    expect(notified(overdue)).toEqual(['recruitment-overdue']);
    expect(refusalOf(decideNext(overdue.snapshot, 3, privateCdi))).toBe('event.not_allowed_in_status');
    const derogated = decideNext(overdue.snapshot, 3, { type: 'GRANT_DEROGATION', grantedOn: '2022-07-04' });
    expect(derogated).toMatchObject({ accepted: true, status: 'onboarding' });
    expect(derogated.accepted && deadlinesOf(derogated.snapshot)).toContainEqual({ kind: 'recruitment', dueOn: '2022-08-04' });
    expect(decideNext(overdue.snapshot, 3, 'WITHDRAW_POST')).toMatchObject({ accepted: true, status: 'withdrawn' });
  });

  it('stopped at the validation under revision 2', () => {
    expect(kindsOf(decideSteps(2, validated).snapshot)).not.toContain('recruitment');
  });
});

describe('3. 2021 public conventions of 24 to 36 months (001_6dade1b22e1aa482.txt)', () => {
  const validation: Step[] = [
    ...granted2021Public,
    'VALIDATE_CANDIDATE',
    { type: 'PUBLISH_JOB_OFFER', publishedOn: '2022-03-01' },
    'SUBMIT_SUBSIDY_REQUEST',
    'VALIDATE_CONFORMITY',
    { type: 'SIGN_CONTRACT', contractType: 'public-cdd', signedOn: '2022-05-01', startsOn: '2022-05-02', endsOn: '2025-05-01' },
  ];

  it('takes the months bdt gives, 24 by default (001_6dade1b22e1aa482.txt: « la convention avec l’Etat durant au maximum 36 mois »)', () => {
    expect(decideSteps(3, [...validation, { type: 'SIGN_CONVENTION', signedOn: '2022-05-10', months: 36 }]).snapshot.context.convention).toMatchObject({
      months: 36,
      endsOn: '2025-05-10',
      amountCents: 5_000_000,
    });
    expect(decideSteps(3, [...validation, { type: 'SIGN_CONVENTION', signedOn: '2022-05-10' }]).snapshot.context.convention?.months).toBe(24);
  });

  it('refuses fewer than 24 or more than 36 months, and months where the policy sets them (001_6dade1b22e1aa482.txt, 000_478a79800a90412a.txt)', () => {
    const { snapshot } = decideSteps(3, validation);
    expect(refusalOf(decideNext(snapshot, 3, { type: 'SIGN_CONVENTION', signedOn: '2022-05-10', months: 20 }))).toBe('subsidy.months_out_of_range');
    expect(refusalOf(decideNext(snapshot, 3, { type: 'SIGN_CONVENTION', signedOn: '2022-05-10', months: 37 }))).toBe('event.invalid_payload');
    const conform2022 = situations().conform;
    expect(refusalOf(decideNext(conform2022, 3, { ...sampleEvents.SIGN_CONVENTION, months: 36 }))).toBe('subsidy.months_out_of_range');
  });
});

describe('4. 2021 private tranche 1 payable within the month once its condition holds (002_ba07e18f5cc1ad7d.txt)', () => {
  const signed: Step[] = [
    ...granted2021Private,
    'VALIDATE_CANDIDATE',
    'ENROL_IN_TRAINING',
    'SUBMIT_SUBSIDY_REQUEST',
    'VALIDATE_CONFORMITY',
    privateCdi,
    { type: 'SIGN_CONVENTION', signedOn: '2022-05-03' },
  ];

  it('is payable from the signature once enrolled and transmitted: « 20% dans le mois suivant la signature du contrat » (002_ba07e18f5cc1ad7d.txt)', () => {
    const { snapshot } = decideSteps(3, [...signed, { type: 'TRANSMIT_CONTRACT', transmittedOn: '2022-05-04' }]);
    expect(snapshot.context.tranches[0]).toMatchObject({ payableFrom: '2022-05-02', dueOn: '2022-06-02' });
    expect(deadlinesOf(snapshot)).toContainEqual({ kind: 'tranche-1', dueOn: '2022-05-02' });
    const due = decideNext(snapshot, 3, { type: 'TRANCHE_DUE', tranche: 1, on: '2022-05-04' });
    expect(due).toMatchObject({ accepted: true });
    expect(due.accepted && due.snapshot.context.tranches[0]!.status).toBe('due');
  });

  it('sends no payment order while the condition does not hold, and tells the structure what is missing by the latest day (002_ba07e18f5cc1ad7d.txt)', () => {
    const { snapshot } = decideSteps(3, signed);
    expect(deadlinesOf(snapshot)).toContainEqual({ kind: 'tranche-1-conditions', dueOn: '2022-06-02' });
    expect(refusalOf(decideNext(snapshot, 3, { type: 'TRANCHE_DUE', tranche: 1, on: '2022-06-02' }))).toBe('tranche.conditions_missing');
    const behaviour = deadlineBehaviour('tranche-1-conditions').onReach;
    expect(behaviour).toEqual({ notice: 'tranche-conditions-missing' });
    const [row] = notificationRows({ context: snapshot.context, topic: 'tranche-conditions-missing', occurrence: 'x', detail: { tranche: 1, dueOn: '2022-06-02' }, createdAt: 'now' });
    expect(row).toMatchObject({ recipientRole: 'structure', recipientScope: structures.association.siret });
    expect(row!.body).toContain('la transmission du contrat de travail');
    expect(row!.body).toContain('2 juin 2022');
  });

  it('waited for anchor + 1 month under revision 2', () => {
    const { snapshot } = decideSteps(2, [...signed, { type: 'TRANSMIT_CONTRACT', transmittedOn: '2022-05-04' }]);
    expect(deadlinesOf(snapshot)).toContainEqual({ kind: 'tranche-1', dueOn: '2022-06-02' });
  });
});

describe('5. a renewal’s first yearly tranche waits for the contract in force (003_0395d5c6dd79564e.txt)', () => {
  const renewed = (revision: 2 | 3) =>
    decideSteps(revision, [
      sampleEvents.SUBMIT_APPLICATION,
      'GIVE_PREFECTURE_OPINION',
      'COMMITTEE_DECISION',
      'VALIDATE_CANDIDATE',
      'SUBMIT_SUBSIDY_REQUEST',
      'ENROL_IN_TRAINING',
      'RECORD_POSITIONING',
      'SIGN_CONTRACT',
      'TRANSMIT_CONTRACT',
      'VALIDATE_CONFORMITY',
      'SIGN_CONVENTION',
      'START_TRAINING',
      'COMPLETE_TRAINING',
      'REQUEST_RENEWAL',
      'VALIDATE_RENEWAL',
    ]).snapshot;

  it('is payable only after « transmission du contrat de travail (en cours de validité) » for the new period (003_0395d5c6dd79564e.txt)', () => {
    const snapshot = renewed(3);
    expect(snapshot.context.contract?.transmittedOn).toBeNull();
    expect(snapshot.context.pastPeriods[0]?.contractTransmittedOn).toBe('2022-04-12');
    expect(deadlinesOf(snapshot)).toContainEqual({ kind: 'tranche-1-conditions', dueOn: '2024-04-01' });
    expect(deadlinesOf(snapshot)).toContainEqual({ kind: 'tranche-2', dueOn: '2025-04-01' });
    expect(refusalOf(decideNext(snapshot, 3, { type: 'TRANCHE_DUE', tranche: 1, on: '2024-04-01' }))).toBe('tranche.conditions_missing');
    const transmitted = decideNext(snapshot, 3, { type: 'TRANSMIT_CONTRACT', transmittedOn: '2024-04-03' });
    expect(transmitted.accepted && deadlinesOf(transmitted.snapshot)).toContainEqual({ kind: 'tranche-1', dueOn: '2024-04-01' });
  });

  it('fell due on the convention’s signature under revision 2', () => {
    expect(deadlinesOf(renewed(2))).toContainEqual({ kind: 'tranche-1', dueOn: '2024-04-01' });
  });
});

describe('6. an advisor whose contract ends in training may finish it; a fixed-term contract’s end is watched (003_0395d5c6dd79564e.txt)', () => {
  it('keeps the training open for the training organisation while the post recruits again (003_0395d5c6dd79564e.txt)', () => {
    const vacant = situations().vacantWithTrainee;
    expect(vacant.context).toMatchObject({ advisor: null, training: null, departedTrainee: { advisor: { lastName: 'Martin' }, training: { trainingOrgId: 'OF-PARIS-1' } } });
    expect(allowedEvents(vacant, actors.trainingOrg)).toContain('COMPLETE_TRAINING');
    const completed = decideNext(vacant, 3, 'COMPLETE_TRAINING');
    expect(completed).toMatchObject({ accepted: true, status: 'vacant' });
    expect(completed.accepted && completed.snapshot.context.departedTrainee?.training).toMatchObject({ completedOn: '2022-07-01', ccp1: 'passed' });
    expect(completed.accepted && completed.effects).toContainEqual({ type: 'notify', topic: 'departed-trainee-completed' });
    expect(postView('post-1', 1, vacant).trainingOrgId).toBe('OF-PARIS-1');
  });

  it('deleted the training record under revision 2', () => {
    const inTraining = situations().inTraining;
    const broken = decideNext(inTraining, 2, 'DECLARE_CONTRACT_RUPTURE');
    expect(broken.accepted && broken.snapshot.context.departedTrainee).toBeNull();
  });

  it('reminds the structure 30 days before a fixed-term contract ends and tells it when it is reached (RULES.md §2.3)', () => {
    const steps: Step[] = [...granted2022Private, 'VALIDATE_CANDIDATE', privateCdd];
    const { snapshot } = decideSteps(3, steps);
    const end = deadlinesOf(snapshot).find((d) => d.kind === 'contract-end');
    expect(end).toEqual({ kind: 'contract-end', dueOn: '2023-11-01' });
    expect(reminderDates(end!, restorePostSnapshot(snapshot))).toEqual([{ daysBefore: 30, on: '2023-10-02' }]);
    expect(deadlineBehaviour('contract-end')).toMatchObject({ reminderTopic: 'contract-end-reminder', onReach: { notice: 'contract-ended' } });
    expect(kindsOf(decideSteps(2, steps).snapshot)).not.toContain('contract-end');
  });
});

describe('7. three weeks of instruction are a minimum, not a deadline for bdt (000_478a79800a90412a.txt, 001_6dade1b22e1aa482.txt)', () => {
  const requested: Step[] = [...granted2022Private, 'VALIDATE_CANDIDATE', 'SUBMIT_SUBSIDY_REQUEST'];

  it('tells the structure the earliest day and follows up with bdt after a month (001_6dade1b22e1aa482.txt: « l’examen prend environ un mois »)', () => {
    const decided = decideSteps(3, requested);
    expect(notified(decided)).toEqual(['subsidy-requested', 'subsidy-request-received']);
    const [told] = notificationRows({ context: decided.snapshot.context, topic: 'subsidy-request-received', occurrence: 'x', createdAt: 'now' });
    expect(told).toMatchObject({ recipientRole: 'structure' });
    expect(told!.body).toContain('pas avant le 26 avril 2022');
    expect(deadlinesOf(decided.snapshot).filter((d) => d.kind.startsWith('subsidy'))).toEqual([{ kind: 'subsidy-instruction-follow-up', dueOn: '2022-05-05' }]);
  });

  it('pauses the clock while documents are awaited (000_478a79800a90412a.txt)', () => {
    const paused = decideSteps(3, [...requested, { type: 'REQUEST_DOCUMENTS', documents: ['RIB'], requestedOn: '2022-04-10' }]).snapshot;
    expect(kindsOf(paused).filter((k) => k.startsWith('subsidy'))).toEqual([]);
    const resumed = decideSteps(3, [...requested, { type: 'REQUEST_DOCUMENTS', documents: ['RIB'], requestedOn: '2022-04-10' }, { type: 'PROVIDE_DOCUMENTS', providedOn: '2022-04-20' }]);
    expect(deadlinesOf(resumed.snapshot)).toContainEqual({ kind: 'subsidy-instruction-follow-up', dueOn: '2022-05-15' });
    // Without the request's day, the pause runs from the submission: bdt is never followed up too early.
    const undated = decideSteps(3, [...requested, 'REQUEST_DOCUMENTS', { type: 'PROVIDE_DOCUMENTS', providedOn: '2022-04-20' }]);
    expect(deadlinesOf(undated.snapshot)).toContainEqual({ kind: 'subsidy-instruction-follow-up', dueOn: '2022-05-20' });
  });

  it('words the notice as a follow-up, not a breach (000_478a79800a90412a.txt)', () => {
    const { snapshot } = decideSteps(3, requested);
    const [row] = notificationRows({ context: snapshot.context, topic: deadlineNotice('subsidy-instruction-follow-up'), occurrence: 'x', createdAt: 'now' });
    expect(row).toMatchObject({ recipientRole: 'bdt', subject: expect.stringContaining('Suivi') });
    expect(row!.body).not.toMatch(/retard|dépass/);
  });

  it('reminded bdt at three weeks under revision 2', () => {
    expect(deadlinesOf(decideSteps(2, requested).snapshot)).toContainEqual({ kind: 'subsidy-instruction', dueOn: '2022-04-26' });
  });
});

function deadlineNotice(kind: Parameters<typeof deadlineBehaviour>[0]) {
  const reach = deadlineBehaviour(kind).onReach;
  if (!('notice' in reach)) throw new Error(`${kind} raises an event, not a notice`);
  return reach.notice;
}

describe('8. tranches of a vacant post wait for the replacement’s contract (002_ba07e18f5cc1ad7d.txt)', () => {
  it('holds the tranche, tells bdt why, and lets it fall due once the replacement signs (002_ba07e18f5cc1ad7d.txt: « versée en contrepartie de l’emploi »)', () => {
    const vacant = situations().vacant;
    expect(deadlinesOf(vacant)).toContainEqual({ kind: 'tranche-1-on-hold', dueOn: '2022-05-20' });
    expect(refusalOf(decideNext(vacant, 3, 'TRANCHE_DUE'))).toBe('tranche.post_vacant');
    const [row] = notificationRows({ context: vacant.context, topic: deadlineNotice('tranche-1-on-hold'), occurrence: 'x', detail: { tranche: 1, dueOn: '2022-05-20' }, createdAt: 'now' });
    expect(row).toMatchObject({ recipientRole: 'bdt', topic: 'tranche-waits-for-advisor' });
    expect(row!.body).toContain('attend la signature du contrat du prochain conseiller');
    const replaced = decideNext(vacant, 3, 'VALIDATE_CANDIDATE');
    const signed = replaced.accepted && decideNext(replaced.snapshot, 3, { ...sampleEvents.SIGN_CONTRACT, signedOn: '2022-11-02', startsOn: '2022-11-02' });
    expect(signed && signed.accepted && deadlinesOf(signed.snapshot)).toContainEqual({ kind: 'tranche-1', dueOn: '2022-05-20' });
  });

  it('fell due on a vacant post under revision 2', () => {
    const vacant = situations().vacant;
    expect(decideNext(vacant, 2, 'TRANCHE_DUE')).toMatchObject({ accepted: true });
  });
});

describe('9. a renewal refused by bdt or withdrawn by the structure (003_0395d5c6dd79564e.txt)', () => {
  it('lets bdt refuse it with its reasons: the post ends naturally at the convention’s end, structure and ANCT are told (003_0395d5c6dd79564e.txt)', () => {
    const pending = situations().renewalPending;
    const refused = decideNext(pending, 3, 'REFUSE_RENEWAL');
    expect(refused).toMatchObject({ accepted: true, status: 'active' });
    expect(refused.accepted && refused.effects).toContainEqual({ type: 'notify', topic: 'renewal-refused' });
    const closed = refused.accepted && decideNext(refused.snapshot, 3, 'CONVENTION_END_REACHED');
    expect(closed && closed.accepted && closed.snapshot.context.outcome).toMatchObject({ kind: 'closed', reason: 'Rapports d’activité non remis' });
    const ended = decideNext(pending, 3, 'CONVENTION_END_REACHED');
    expect(ended.accepted && decideNext(ended.snapshot, 3, 'REFUSE_RENEWAL')).toMatchObject({ accepted: true, status: 'closed' });
  });

  it('lets the structure withdraw its request, bdt being told (003_0395d5c6dd79564e.txt: « notifier sa volonté de ne pas renouveler »)', () => {
    const withdrawn = decideNext(situations().renewalPending, 3, 'DECLINE_RENEWAL');
    expect(withdrawn).toMatchObject({ accepted: true, status: 'active' });
    expect(withdrawn.accepted && withdrawn.effects).toContainEqual({ type: 'notify', topic: 'renewal-declined' });
  });

  it('offered neither under revision 2, and says why', () => {
    const pending = situations().renewalPending;
    expect(refusalOf(decideNext(pending, 2, 'REFUSE_RENEWAL'))).toBe('rules.revision_required');
    expect(refusalOf(decideNext(pending, 2, 'DECLINE_RENEWAL'))).toBe('rules.revision_required');
  });
});

describe('10. absences told to ANCT, ending by themselves, in training too (003_0395d5c6dd79564e.txt)', () => {
  it('tells ANCT the duration and ends the absence by itself on its last day (003_0395d5c6dd79564e.txt: « la durée de son indisponibilité »)', () => {
    const inPost = situations().inPost;
    const declared = decideNext(inPost, 3, { ...sampleEvents.DECLARE_ABSENCE, supportingDocuments: 'Arrêt de travail du 31 août' });
    expect(declared.accepted && declared.effects).toContainEqual({ type: 'notify', topic: 'absence-declared' });
    const absent = declared.accepted ? declared.snapshot : inPost;
    const [row] = notificationRows({ context: absent.context, topic: 'absence-declared', occurrence: 'x', createdAt: 'now' });
    expect(row).toMatchObject({ recipientRole: 'anct' });
    expect(row!.body).toContain('du 1er septembre 2022 au 30 septembre 2022, soit 30 jours');
    expect(row!.body).toContain('Arrêt de travail du 31 août');
    expect(deadlinesOf(absent)).toContainEqual({ kind: 'absence-end', dueOn: '2022-09-30' });
    expect(kindsOf(absent)).not.toContain('activity-report');
    const over = decideNext(absent, 3, { type: 'ABSENCE_END_REACHED', on: '2022-09-30' });
    expect(over.accepted && over.snapshot.context).toMatchObject({ absence: null, nextActivityReportOn: '2022-10-30' });
  });

  it('takes a new declaration as an extension of the running one (003_0395d5c6dd79564e.txt)', () => {
    const extended = decideNext(situations().absent, 3, { ...sampleEvents.DECLARE_ABSENCE, to: '2022-10-31' });
    expect(extended.accepted && extended.snapshot.context.absence).toMatchObject({ from: '2022-09-01', to: '2022-10-31' });
  });

  it('happens in training too, with no report to resume after it (RULES.md §4)', () => {
    const absent = situations().absentInTraining;
    expect(absent.context.absence).toMatchObject({ kind: 'sick' });
    const back = decideNext(absent, 3, { type: 'ABSENCE_END_REACHED', on: '2022-09-30' });
    expect(back.accepted && back.snapshot.context).toMatchObject({ absence: null, nextActivityReportOn: null });
  });

  it('never ended by itself and stayed out of training under revision 2', () => {
    const absent2 = decideNext(situations().inPost, 2, 'DECLARE_ABSENCE');
    expect(absent2.accepted && kindsOf(absent2.snapshot)).not.toContain('absence-end');
    expect(refusalOf(decideNext(situations().inTraining, 2, 'DECLARE_ABSENCE'))).toBe('rules.revision_required');
  });
});

describe('11. the 15-day training start is a 2022 rule (000_478a79800a90412a.txt, 004_de92c4ad36fd347a.txt)', () => {
  it.each([
    ['2021-public', granted2021Public, { type: 'SIGN_CONTRACT', contractType: 'public-cdi', signedOn: '2022-05-01', startsOn: '2022-05-02' }],
    ['2021-private', granted2021Private, privateCdi],
  ] as const)('arms no training-start deadline for a %s post (001_6dade1b22e1aa482.txt, 002_ba07e18f5cc1ad7d.txt)', (_policy, granted, contract) => {
    const steps: Step[] = [...granted, 'VALIDATE_CANDIDATE', ...(granted === granted2021Public ? [{ type: 'PUBLISH_JOB_OFFER', publishedOn: '2022-03-01' }] : []), contract];
    expect(kindsOf(decideSteps(3, steps).snapshot)).not.toContain('training-start');
    expect(kindsOf(decideSteps(2, steps).snapshot)).toContain('training-start');
  });

  it('still arms it for a 2022 post: « La formation commence dans les quinze jours » (000_478a79800a90412a.txt)', () => {
    expect(deadlinesOf(decideSteps(3, [...granted2022Private, 'VALIDATE_CANDIDATE', privateCdi]).snapshot)).toContainEqual({
      kind: 'training-start',
      dueOn: '2022-05-17',
    });
  });
});

describe('12. a derogation of one month by default, never in the past (000_478a79800a90412a.txt, 004_de92c4ad36fd347a.txt)', () => {
  const recruiting = () => situations().recruiting;

  it('lasts one month from the day it is granted: « le délai autorisé est d’un mois » (000_478a79800a90412a.txt)', () => {
    const granted = decideNext(recruiting(), 3, { type: 'GRANT_DEROGATION', grantedOn: '2022-05-02' });
    expect(granted.accepted && granted.snapshot.context.recruitmentDeadline).toBe('2022-06-02');
    const later = decideNext(recruiting(), 3, { type: 'GRANT_DEROGATION', grantedOn: '2022-05-02', newDeadline: '2022-07-15' });
    expect(later.accepted && later.snapshot.context.recruitmentDeadline).toBe('2022-07-15');
  });

  it('refuses a day already past, or sooner than the month, naming the earliest day allowed (004_de92c4ad36fd347a.txt)', () => {
    const past = decideNext(recruiting(), 3, { type: 'GRANT_DEROGATION', grantedOn: '2022-06-01', newDeadline: '2022-05-10' });
    expect(refusalOf(past)).toBe('derogation.in_the_past');
    const short = decideNext(recruiting(), 3, { type: 'GRANT_DEROGATION', grantedOn: '2022-05-02', newDeadline: '2022-05-20' });
    expect(refusalOf(short)).toBe('derogation.shorter_than_a_month');
    expect(!short.accepted && short.refusal.message).toContain('2 juin 2022');
    expect(refusalOf(decideNext(recruiting(), 3, { type: 'GRANT_DEROGATION', newDeadline: '2022-07-15' }))).toBe('derogation.granted_on_missing');
  });

  it('took any later day, even a past one, under revision 2', () => {
    expect(decideNext(recruiting(), 2, { type: 'GRANT_DEROGATION', newDeadline: '2022-05-10' })).toMatchObject({ accepted: true });
  });
});

describe('13. a transfer creates the target structure’s post, linked both ways (003_0395d5c6dd79564e.txt)', () => {
  const transfer = () => {
    const decision = decideNext(situations().returned, 3, 'TRANSFER_POST');
    if (!decision.accepted) throw new Error(decision.refusal.code);
    return decision;
  };

  it('links the origin to the target’s post and asks the workflow to start it (003_0395d5c6dd79564e.txt: « réattribué à une autre structure »)', () => {
    const decision = transfer();
    expect(decision.snapshot.context).toMatchObject({ transferredToPostId: 'post-1-transfer', outcome: { kind: 'transferred', on: '2022-05-02' } });
    expect(decision.effects).toContainEqual({
      type: 'start-transferred-post',
      postId: 'post-1-transfer',
      event: { type: 'TRANSFERRED_IN', fromPostId: 'post-1', structure: structures.reunionCommune, policy: '2022-public', transferredOn: '2022-05-02' },
    });
  });

  it('creates the target’s post granted and recruiting under its own checks, and tells it (003_0395d5c6dd79564e.txt)', () => {
    const start = transfer().effects.find((e) => e.type === 'start-transferred-post');
    if (start?.type !== 'start-transferred-post') throw new Error('no transferred post');
    const created = decideTransferredPost(start.postId, actors.anct, start.event, 3);
    expect(created).toMatchObject({ accepted: true, status: 'recruiting' });
    if (!created.accepted) return;
    expect(created.snapshot.context).toMatchObject({ transferredFromPostId: 'post-1', structure: structures.reunionCommune, policy: '2022-public', recruitmentDeadline: '2022-06-02' });
    expect(created.effects).toContainEqual({ type: 'notify', topic: 'post-received-by-transfer' });
    expect(created.effects).toContainEqual({ type: 'arm-deadline', deadline: { kind: 'recruitment', dueOn: '2022-06-02' } });
    expect(decideTransferredPost(start.postId, actors.bdt, start.event, 3)).toMatchObject({ accepted: false, refusal: { code: 'role.forbidden' } });
    const timeline = [{ version: 1, actor: actors.anct, payload: start.event, rulesRevision: 3 as const, statusBefore: null, status: 'recruiting' as const }];
    expect(replayPostTimeline(start.postId, timeline)).toMatchObject({ consistent: true, finalStatus: 'recruiting' });
  });

  it('refuses a transfer to the same structure or without its day (003_0395d5c6dd79564e.txt)', () => {
    const returned = situations().returned;
    expect(refusalOf(decideNext(returned, 3, { ...sampleEvents.TRANSFER_POST, targetStructure: structures.guadeloupeCommune }))).toBe('transfer.same_structure');
    expect(refusalOf(decideNext(returned, 3, { type: 'TRANSFER_POST', targetStructure: structures.reunionCommune }))).toBe('transfer.date_missing');
  });

  it('keeps the post’s wave and takes the target’s sector (RULES.md §2)', () => {
    expect(transferredPostPolicy('2021-public', 'private')).toBe('2021-private');
    expect(transferredPostPolicy('2022-private', 'public')).toBe('2022-public');
  });

  it('created nothing under revision 2', () => {
    const decision = decideNext(situations().returned, 2, 'TRANSFER_POST');
    expect(decision.accepted && decision.effects.map((e) => e.type)).not.toContain('start-transferred-post');
    expect(decision.accepted && decision.snapshot.context.transferredToPostId).toBeNull();
  });
});

describe('15. a private CDD may end 18 months after its start (002_ba07e18f5cc1ad7d.txt, 004_de92c4ad36fd347a.txt)', () => {
  const cdd = { type: 'SIGN_CONTRACT', contractType: 'private-cdd', signedOn: '2026-11-28', startsOn: '2026-11-28', endsOn: '2028-05-28' };

  it('accepts the CDD from 2026-11-28 to 2028-05-28 and names the latest end in a refusal (004_de92c4ad36fd347a.txt)', () => {
    const { snapshot } = decideSteps(3, [...granted2022Private, 'VALIDATE_CANDIDATE']);
    expect(decideNext(snapshot, 3, cdd)).toMatchObject({ accepted: true });
    const tooLong = decideNext(snapshot, 3, { ...cdd, endsOn: '2028-05-29' });
    expect(tooLong).toMatchObject({ accepted: false, refusal: { code: 'contract.too_long' } });
    expect(!tooLong.accepted && tooLong.refusal.message).toContain('au plus tard le 28 mai 2028');
  });

  it('refused it under revision 2', () => {
    const { snapshot } = decideSteps(2, [...granted2022Private, 'VALIDATE_CANDIDATE']);
    expect(refusalOf(decideNext(snapshot, 2, cdd))).toBe('contract.too_long');
  });
});
