import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addCalendarMonths, addDays, type BusinessDate } from '../../../domain/calendar/business-date';
import { createTimeSkippingEnv } from '../../../runtime/time-skipping-server';
import { createPostDriver } from '../../support/post-driver';
import { actors, structures } from '../../support/post-fixtures';
import { type PostHarness, startPostHarness } from '../../support/post-harness';

/** A complete lifecycle under each initial policy: amounts, anchors and dates as the seeds set them. */
describe('lifecycles under each policy, time skipping', () => {
  let env: TestWorkflowEnvironment;
  let harness: PostHarness;
  let drive: ReturnType<typeof createPostDriver>;
  const days = (n: number) => n * 24 * 3600 * 1000;
  const serverToday = async () => new Date(await env.currentTimeMs()).toISOString().slice(0, 10) as BusinessDate;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    harness = await startPostHarness({ client: env.client, connection: env.nativeConnection });
    drive = createPostDriver(harness);
  });
  afterAll(async () => {
    await harness?.stop();
    await env?.teardown();
  });

  /** Lets every tranche fall due, pays each with the exact amount, and returns the schedule paid. */
  async function payAllTranches(postId: string) {
    await env.sleep(days(420));
    const { tranches } = await harness.posts.view(postId);
    for (const t of tranches) {
      await drive.send(postId, actors.bdt, { type: 'CONFIRM_TRANCHE_PAYMENT', tranche: t.number, paidOn: t.dueOn, amountCents: t.amountCents });
    }
    return (await harness.posts.view(postId)).tranches;
  }

  it('2021-public: 50 000 € from contract signature, no recruitment deadline, job offer 30 days before the contract (001_6dade1b22e1aa482.txt)', async () => {
    const structure = structures.reunionCommune;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0, '2021-public');
    expect((await harness.posts.view(postId)).deadlines).toEqual([]);
    const s = actors.structureOf(structure);
    await drive.send(postId, s, { type: 'PUBLISH_JOB_OFFER', publishedOn: t0 });
    await drive.send(postId, s, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Jo', lastName: 'Hoarau', email: 'jo@example.fr' } });
    const cdd = (signedOn: BusinessDate, months: number) => ({
      type: 'SIGN_CONTRACT',
      contractType: 'public-cdd',
      signedOn,
      startsOn: signedOn,
      endsOn: addDays(addCalendarMonths(signedOn, months), -1),
    });
    await expect(drive.send(postId, s, cdd(addDays(t0, 10), 24))).rejects.toMatchObject({ refusal: { code: 'contract.job_posting_too_recent' } });
    const signedOn = addDays(t0, 30);
    await expect(drive.send(postId, s, cdd(signedOn, 12))).rejects.toMatchObject({ refusal: { code: 'contract.too_short' } });
    await drive.send(postId, s, cdd(signedOn, 24));
    await drive.send(postId, s, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'D-2021-PUB', submittedOn: t0 });
    await drive.send(postId, actors.bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: t0 });
    await drive.send(postId, actors.bdt, { type: 'SIGN_CONVENTION', signedOn: t0 });
    const view = await harness.posts.view(postId);
    expect(view.convention).toMatchObject({ amountCents: 5_000_000, months: 24 });
    expect(view.tranches.map((t) => [t.amountCents, t.dueOn])).toEqual([
      [1_000_000, addCalendarMonths(signedOn, 1)],
      [1_500_000, addCalendarMonths(signedOn, 6)],
      [2_500_000, addCalendarMonths(signedOn, 12)],
    ]);
    expect(view.deadlines).toEqual(
      expect.arrayContaining([
        { kind: 'subsidy-use-report', dueOn: addCalendarMonths(t0, 3) },
        { kind: 'hosting-conditions-report', dueOn: addCalendarMonths(t0, 6) },
      ]),
    );
    expect((await payAllTranches(postId)).every((t) => t.status === 'paid')).toBe(true);
    // 420 days after the convention: four quarterly reports (3, 6, 9, 12 months) and two half-yearly ones.
    const reports = (await drive.notificationsOf(postId)).filter((n) => n.topic.endsWith('-report-due') && n.topic !== 'activity-report-due');
    expect(reports.map((n) => [n.topic, n.recipientRole]).sort()).toEqual([
      ...Array.from({ length: 2 }, () => ['hosting-conditions-report-due', 'structure']),
      ...Array.from({ length: 4 }, () => ['subsidy-use-report-due', 'structure']),
    ]);
  });

  it('tells the structure and bdt when a 2021 public contract is not signed 15 days after the subsidy’s validation (001_6dade1b22e1aa482.txt)', async () => {
    const structure = structures.reunionCommune;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0, '2021-public');
    const s = actors.structureOf(structure);
    await drive.send(postId, s, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Lou', lastName: 'Payet', email: 'lou@example.fr' } });
    await drive.send(postId, s, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'D-2021-LATE', submittedOn: t0 });
    await drive.send(postId, actors.bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: t0 });
    expect((await harness.posts.view(postId)).deadlines).toContainEqual({ kind: 'contract-signature', dueOn: addDays(t0, 15) });
    await env.sleep(days(16));
    const notices = (await drive.notificationsOf(postId)).filter((n) => n.topic === 'contract-not-signed');
    expect(notices.map((n) => n.recipientRole).sort()).toEqual(['bdt', 'structure']);
  });

  it('2021-private: 32 000 € for a CDD, less other public aid, recruitment within 3 months, first tranche once enrolled and transmitted (002_ba07e18f5cc1ad7d.txt)', async () => {
    const structure = structures.association;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0, '2021-private');
    expect((await harness.posts.view(postId)).deadlines).toEqual([{ kind: 'recruitment', dueOn: addCalendarMonths(t0, 3) }]);
    await drive.onboard(postId, structure, t0, { contractType: 'private-cdd', endsOn: addDays(addCalendarMonths(t0, 18), -1), otherAidCents: 200_000 });
    const view = await harness.posts.view(postId);
    expect(view.deadlines).toContainEqual({ kind: 'hosting-conditions-report', dueOn: addCalendarMonths(t0, 6) });
    expect(view.convention).toMatchObject({ amountCents: 3_000_000, months: 18, policy: '2021-private' });
    expect(view.tranches.map((t) => [t.amountCents, t.dueOn])).toEqual([
      [600_000, addCalendarMonths(t0, 1)],
      [900_000, addCalendarMonths(t0, 6)],
      [1_500_000, addCalendarMonths(t0, 12)],
    ]);
    expect((await payAllTranches(postId)).map((t) => t.status)).toEqual(['paid', 'paid', 'paid']);
  });

  it('2022-private: 40 000 € for a CDI from training start, recruitment by the later of 28 Feb 2022 and one month (004_de92c4ad36fd347a.txt)', async () => {
    const structure = structures.association;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0);
    expect((await harness.posts.view(postId)).policy).toBe('2022-private');
    expect((await harness.posts.view(postId)).deadlines).toEqual([{ kind: 'recruitment', dueOn: addCalendarMonths(t0, 1) }]);
    await drive.onboard(postId, structure, t0, { contractType: 'private-cdi' });
    expect((await harness.posts.view(postId)).tranches).toEqual([]);
    const startedOn = addDays(t0, 7);
    await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn });
    const view = await harness.posts.view(postId);
    expect(view.convention).toMatchObject({ amountCents: 4_000_000, months: 24 });
    expect(view.tranches.map((t) => [t.amountCents, t.dueOn])).toEqual([
      [800_000, addCalendarMonths(startedOn, 1)],
      [1_200_000, addCalendarMonths(startedOn, 6)],
      [2_000_000, addCalendarMonths(startedOn, 12)],
    ]);
    await drive.send(postId, actors.trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: addDays(t0, 60), ccp1: 'passed' });
    await payAllTranches(postId);
    await drive.send(postId, actors.structureOf(structure), { type: 'EXIT_EARLY', exitedOn: addDays(t0, 400), reason: 'Fermeture du lieu' });
    expect((await harness.posts.view(postId)).status).toBe('exited_early');
  });

  it('tells the structure and the training organisation when training has not started 15 days after the contract start (000_478a79800a90412a.txt)', async () => {
    const structure = structures.guadeloupeCommune;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0);
    await drive.onboard(postId, structure, t0);
    expect((await harness.posts.view(postId)).deadlines).toContainEqual({ kind: 'training-start', dueOn: addDays(t0, 15) });
    await env.sleep(days(16));
    const notices = (await drive.notificationsOf(postId)).filter((n) => n.topic === 'training-not-started');
    expect(notices.map((n) => [n.recipientRole, n.recipientScope]).sort()).toEqual([
      ['structure', structure.siret],
      ['training_org', 'OF-PARIS-1'],
    ]);
  });
});
