import { decidePostEvent } from '../../../domain/lifecycle/decide-post-event';
import { postDeadlines } from '../../../domain/lifecycle/post-deadlines';
import { restorePostSnapshot, type StoredPostSnapshot } from '../../../domain/lifecycle/post-snapshot';
import { replayPostTimeline } from '../../../domain/lifecycle/replay-post-timeline';
import { decideSteps, type Step } from '../../support/decide-steps';
import { sampleEvents, senderOf } from '../../support/post-sample-events';

/**
 * Revision 2 of the rules (post-rules-revision.ts), on a 2021 public post: what it adds, and that
 * a post decided under revision 1 keeps being decided, and audited, with revision 1.
 */
const drive = decideSteps;

const deadlinesOf = (snapshot: StoredPostSnapshot) => postDeadlines(restorePostSnapshot(snapshot));

const applied2021: Step = { ...sampleEvents.SUBMIT_APPLICATION, appliedOn: '2021-03-01', policy: '2021-public' };
const shortCdd = { type: 'SIGN_CONTRACT', contractType: 'public-cdd', signedOn: '2022-05-01', startsOn: '2022-05-02', endsOn: '2023-05-01' };
const untilValidation: Step[] = [
  applied2021,
  'GIVE_PREFECTURE_OPINION',
  'COMMITTEE_DECISION',
  'VALIDATE_CANDIDATE',
  { type: 'PUBLISH_JOB_OFFER', publishedOn: '2022-03-01' },
  'SUBMIT_SUBSIDY_REQUEST',
  'VALIDATE_CONFORMITY',
];

describe('contract length (001_6dade1b22e1aa482.txt)', () => {
  it('refuses a 12-month contract of a 2021 public post under revision 2, naming the guide (001_6dade1b22e1aa482.txt)', () => {
    const { snapshot } = drive(2, untilValidation);
    const decision = decidePostEvent(snapshot, senderOf('SIGN_CONTRACT'), shortCdd, 2);
    expect(decision).toMatchObject({ accepted: false, refusal: { kind: 'not_allowed', code: 'contract.too_short' } });
  });

  it('still accepts it for a run decided under revision 1: running posts keep their rules (001_6dade1b22e1aa482.txt)', () => {
    const { snapshot } = drive(1, untilValidation);
    expect(decidePostEvent(snapshot, senderOf('SIGN_CONTRACT'), shortCdd, 1)).toMatchObject({ accepted: true });
  });
});

describe('contract due 15 days after the subsidy’s validation (001_6dade1b22e1aa482.txt)', () => {
  it('arms the day under revision 2 and drops it once the contract is signed (001_6dade1b22e1aa482.txt)', () => {
    const { snapshot } = drive(2, untilValidation);
    expect(deadlinesOf(snapshot)).toContainEqual({ kind: 'contract-signature', dueOn: '2022-05-11' });
    const signed = drive(2, [...untilValidation, { ...shortCdd, endsOn: '2024-05-01' }]).snapshot;
    expect(deadlinesOf(signed).map((d) => d.kind)).not.toContain('contract-signature');
  });

  it('arms nothing under revision 1 (001_6dade1b22e1aa482.txt)', () => {
    expect(deadlinesOf(drive(1, untilValidation).snapshot).map((d) => d.kind)).not.toContain('contract-signature');
  });
});

describe('2021 follow-up reports (001_6dade1b22e1aa482.txt, 002_ba07e18f5cc1ad7d.txt)', () => {
  const withConvention: Step[] = [
    ...untilValidation,
    { ...shortCdd, endsOn: '2024-05-01' },
    { type: 'SIGN_CONVENTION', signedOn: '2022-05-10' },
  ];

  it('arms the quarterly and half-yearly reports at the convention’s signature (001_6dade1b22e1aa482.txt)', () => {
    const kinds = deadlinesOf(drive(2, withConvention).snapshot);
    expect(kinds).toContainEqual({ kind: 'subsidy-use-report', dueOn: '2022-08-10' });
    expect(kinds).toContainEqual({ kind: 'hosting-conditions-report', dueOn: '2022-11-10' });
    expect(deadlinesOf(drive(1, withConvention).snapshot).map((d) => d.kind)).not.toContain('subsidy-use-report');
  });

  it('tells the structure when a report falls due and moves to the next quarter (001_6dade1b22e1aa482.txt)', () => {
    const { last, snapshot } = drive(2, [...withConvention, { type: 'FOLLOW_UP_DUE', on: '2022-08-10', report: 'subsidy-use' }]);
    expect(last.accepted && last.effects).toContainEqual({ type: 'notify', topic: 'subsidy-use-report-due' });
    expect(deadlinesOf(snapshot)).toContainEqual({ kind: 'subsidy-use-report', dueOn: '2022-11-10' });
  });

  it('refuses a report the post does not owe, naming it (001_6dade1b22e1aa482.txt)', () => {
    const { snapshot } = drive(2, withConvention);
    const decision = decidePostEvent(snapshot, senderOf('FOLLOW_UP_DUE'), { type: 'FOLLOW_UP_DUE', on: '2022-08-10' }, 2);
    expect(decision).toMatchObject({ accepted: false, refusal: { code: 'follow_up.not_scheduled' } });
  });

  it('stops them at the renewal, whose FAQ asks for activity reports only (003_0395d5c6dd79564e.txt)', () => {
    const { snapshot } = drive(2, [...withConvention, 'REQUEST_RENEWAL', 'VALIDATE_RENEWAL']);
    expect(deadlinesOf(snapshot).map((d) => d.kind).filter((k) => k.endsWith('-report'))).toEqual([]);
  });
});

describe('auditing a post decided under revision 1 (RULES.md §6)', () => {
  it('replays each entry with the revision it records, so an old post stays consistent', () => {
    const { timeline } = drive(1, [...untilValidation, shortCdd]);
    expect(replayPostTimeline('p', timeline)).toMatchObject({ consistent: true, finalStatus: 'onboarding' });
    const asIfToday = timeline.map((entry) => ({ ...entry, rulesRevision: 2 as const }));
    expect(replayPostTimeline('p', asIfToday)).toMatchObject({ consistent: false, divergences: [{ version: 8, replayed: 'refused' }] });
  });
});
