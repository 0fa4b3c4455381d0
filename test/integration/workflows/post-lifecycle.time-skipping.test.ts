import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addCalendarMonths, addDays } from '../../../domain/calendar/business-date';
import { createTimeSkippingEnv } from '../../../runtime/time-skipping-server';
import { comparableReadModel, createPostDriver } from '../../support/post-driver';
import { actors, structures } from '../../support/post-fixtures';
import type { BusinessDate } from '../../../domain/calendar/business-date';
import { type PostHarness, startPostHarness } from '../../support/post-harness';

/**
 * Whole lifecycles under Temporal's time-skipping test server: months pass in seconds, and every
 * deadline, tranche and reminder falls on its date through the workflow's durable timers.
 */
describe('post lifecycle under time skipping', () => {
  let env: TestWorkflowEnvironment;
  let harness: PostHarness;
  let drive: ReturnType<typeof createPostDriver>;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    harness = await startPostHarness({ client: env.client, connection: env.nativeConnection });
    drive = createPostDriver(harness);
  });

  afterAll(async () => {
    await harness?.stop();
    await env?.teardown();
  });

  const days = (n: number) => n * 24 * 3600 * 1000;
  /** The test server's date: every scenario sleeps months ahead, and the clock is shared by the file. */
  const serverToday = async () => new Date(await env.currentTimeMs()).toISOString().slice(0, 10) as BusinessDate;

  it('pays a commune of Guadeloupe 14 000, 21 000 and 35 000 € one, six and twelve months after training start, then closes at the convention end (000_478a79800a90412a.txt)', async () => {
    const structure = structures.guadeloupeCommune;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0);
    await drive.onboard(postId, structure, t0);
    const startedOn = addDays(t0, 3);
    await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn });

    const { view, stored } = await drive.readModelOf(postId);
    expect(comparableReadModel(stored)).toEqual(view);
    expect(view.convention).toMatchObject({ amountCents: 7_000_000, months: 24, policy: '2022-public' });
    expect(view.tranches.map((t) => [t.number, t.amountCents, t.dueOn, t.status])).toEqual([
      [1, 1_400_000, addCalendarMonths(startedOn, 1), 'scheduled'],
      [2, 2_100_000, addCalendarMonths(startedOn, 6), 'scheduled'],
      [3, 3_500_000, addCalendarMonths(startedOn, 12), 'scheduled'],
    ]);

    await expect(
      drive.send(postId, actors.bdt, { type: 'CONFIRM_TRANCHE_PAYMENT', tranche: 1, paidOn: t0, amountCents: 1_400_000 }),
    ).rejects.toMatchObject({ refusal: { code: 'tranche.not_due' } });

    await env.sleep(days(40));
    expect((await harness.posts.view(postId)).tranches[0]!.status).toBe('due');
    await drive.send(postId, actors.bdt, { type: 'CONFIRM_TRANCHE_PAYMENT', tranche: 1, paidOn: addDays(t0, 40), amountCents: 1_400_000 });
    await drive.send(postId, actors.trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: addDays(t0, 40), ccp1: 'passed', pix: true });

    await env.sleep(days(400));
    const afterAYear = await harness.posts.view(postId);
    expect(afterAYear.status).toBe('active');
    expect(afterAYear.tranches.map((t) => t.status)).toEqual(['paid', 'due', 'due']);
    const orders = (await drive.notificationsOf(postId)).filter((n) => n.topic === 'tranche-due');
    expect(orders.map((n) => n.recipientRole)).toEqual(['bdt', 'bdt', 'bdt']);

    // Past the reminders of −90 and −30 days, each to the structure and to bdt, the structure declines.
    await env.sleep(days(270));
    const conventionReminders = (await drive.notificationsOf(postId)).filter((n) => n.topic === 'convention-end-reminder');
    expect(conventionReminders).toHaveLength(4);
    await drive.send(postId, actors.structureOf(structure), { type: 'DECLINE_RENEWAL' });
    expect((await drive.notificationsOf(postId)).filter((n) => n.topic === 'renewal-declined').map((n) => n.recipientRole)).toEqual(['bdt']);
    await env.sleep(days(100));
    const closed = await harness.posts.view(postId);
    expect(closed.status).toBe('closed');
    const { stored: final } = await drive.readModelOf(postId);
    expect(comparableReadModel(final)).toEqual(closed);
  });

  it('sends recruitment reminders at D-30, D-7 and D-1 (skipping those already past), marks the post overdue, and lets ANCT grant a derogation, then withdraw (004_de92c4ad36fd347a.txt)', async () => {
    const structure = structures.association;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0);
    const deadline = addCalendarMonths(t0, 1);
    expect((await harness.posts.view(postId)).deadlines).toEqual([{ kind: 'recruitment', dueOn: deadline }]);

    await env.sleep(days(33));
    const overdue = await harness.posts.view(postId);
    expect(overdue.status).toBe('recruitment_overdue');
    const reminders = (await drive.notificationsOf(postId)).filter((n) => n.deadlineKind === 'recruitment');
    // A calendar month is 28 to 31 days: D-30 falls on or after the grant only in the longer months.
    const expected = [30, 7, 1].filter((d) => addDays(deadline, -d) >= t0).map((d) => `recruitment-deadline-reminder:d-${d}`);
    expect(expected).toContain('recruitment-deadline-reminder:d-7');
    expect(reminders.map((n) => `${n.topic}:${n.key.split(':').at(-3)}`).sort()).toEqual(expected.sort());
    const overdueNotices = (await drive.notificationsOf(postId)).filter((n) => n.topic === 'recruitment-overdue');
    expect(overdueNotices.map((n) => n.recipientRole).sort()).toEqual(['anct', 'structure']);

    const newDeadline = addDays(t0, 80);
    await drive.send(postId, actors.anct, { type: 'GRANT_DEROGATION', grantedOn: addDays(t0, 33), newDeadline });
    expect((await harness.posts.view(postId)).status).toBe('recruiting');
    await env.sleep(days(50));
    expect((await harness.posts.view(postId)).status).toBe('recruitment_overdue');
    await drive.send(postId, actors.anct, { type: 'WITHDRAW_POST', reason: 'Aucun recrutement après dérogation' });
    const withdrawn = await harness.posts.view(postId);
    expect(withdrawn.status).toBe('withdrawn');
    const { stored } = await drive.readModelOf(postId);
    expect(comparableReadModel(stored)).toEqual(withdrawn);
  });

  it('recruits within a derogation: the post leaves overdue for onboarding (000_478a79800a90412a.txt)', async () => {
    const structure = structures.reunionCommune;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0);
    await env.sleep(days(35));
    expect((await harness.posts.view(postId)).status).toBe('recruitment_overdue');
    await drive.send(postId, actors.anct, { type: 'GRANT_DEROGATION', grantedOn: addDays(t0, 35), newDeadline: addDays(t0, 70) });
    await drive.send(postId, actors.structureOf(structure), {
      type: 'VALIDATE_CANDIDATE',
      advisor: { firstName: 'Léa', lastName: 'Payet', email: 'lea.payet@example.fr' },
    });
    const view = await harness.posts.view(postId);
    expect(view.status).toBe('onboarding');
    expect(view.deadlines).toEqual([]);
  });

  it('after a contract rupture, recruits and trains a replacement on the same convention (003_0395d5c6dd79564e.txt)', async () => {
    const structure = structures.guadeloupeCommune;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0);
    await drive.onboard(postId, structure, t0);
    await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: t0 });
    await drive.send(postId, actors.trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: addDays(t0, 1), ccp1: 'passed' });
    await drive.send(postId, actors.structureOf(structure), { type: 'DECLARE_CONTRACT_RUPTURE', endedOn: addDays(t0, 2), reason: 'resignation' });
    const vacant = await harness.posts.view(postId);
    expect(vacant).toMatchObject({ status: 'vacant', advisor: null, contract: null, trainingOrgId: null });
    expect(vacant.convention?.amountCents).toBe(7_000_000);

    // RULES.md §4: the convention fixed the contract type; another type needs a new convention.
    await expect(drive.onboard(postId, structure, addDays(t0, 5), { contractType: 'public-cdd' }, 'remplacant@example.fr')).rejects.toMatchObject({
      refusal: { code: 'contract.type_differs_from_convention' },
    });
    await drive.send(postId, actors.structureOf(structure), { type: 'SIGN_CONTRACT', contractType: 'public-cdi', signedOn: addDays(t0, 5), startsOn: addDays(t0, 5) });
    await drive.send(postId, actors.structureOf(structure), { type: 'TRANSMIT_CONTRACT', transmittedOn: addDays(t0, 5) });
    const onboarding = await harness.posts.view(postId);
    expect(onboarding.status).toBe('onboarding');
    expect(onboarding.advisor?.email).toBe('remplacant@example.fr');
    await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: addDays(t0, 6) });
    expect((await harness.posts.view(postId)).status).toBe('in_training');
    expect(await harness.models.Advisor.countDocuments({ postId })).toBe(2);
  });

  it('pauses activity-report reminders during an absence and resumes them a month after the return (003_0395d5c6dd79564e.txt)', async () => {
    const structure = structures.reunionCommune;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0);
    await drive.onboard(postId, structure, t0);
    await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: t0 });
    await drive.send(postId, actors.trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: t0, ccp1: 'passed' });
    const reports = async () => (await drive.notificationsOf(postId)).filter((n) => n.topic === 'activity-report-due').length;

    await env.sleep(days(32));
    expect(await reports()).toBe(1);
    await drive.send(postId, actors.structureOf(structure), { type: 'DECLARE_ABSENCE', kind: 'maternity', from: addDays(t0, 32), to: addDays(t0, 140) });
    expect((await harness.posts.view(postId)).deadlines.map((d) => d.kind)).not.toContain('activity-report');
    await env.sleep(days(100));
    expect(await reports()).toBe(1);
    await drive.send(postId, actors.structureOf(structure), { type: 'END_ABSENCE', endedOn: addDays(t0, 132) });
    await env.sleep(days(32));
    expect(await reports()).toBe(2);
  });

  it('holds a tranche that falls due during a suspension until payments resume (002_ba07e18f5cc1ad7d.txt §III.6)', async () => {
    const structure = structures.guadeloupeCommune;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0);
    await drive.onboard(postId, structure, t0);
    await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: t0 });
    await drive.send(postId, actors.bdt, { type: 'SUSPEND_PAYMENTS', reason: 'Rapports d’activité non renseignés' });
    await env.sleep(days(35));
    const suspended = await harness.posts.view(postId);
    expect(suspended.tranches[0]!.status).toBe('suspended');
    await expect(
      drive.send(postId, actors.bdt, { type: 'CONFIRM_TRANCHE_PAYMENT', tranche: 1, paidOn: addDays(t0, 35), amountCents: 1_400_000 }),
    ).rejects.toMatchObject({ refusal: { kind: 'not_allowed' } });
    await drive.send(postId, actors.anct, { type: 'RESUME_PAYMENTS', reason: 'Rapports à jour' });
    expect((await harness.posts.view(postId)).tranches[0]!.status).toBe('due');
    await drive.send(postId, actors.bdt, { type: 'CONFIRM_TRANCHE_PAYMENT', tranche: 1, paidOn: addDays(t0, 36), amountCents: 1_400_000 });
    expect((await harness.posts.view(postId)).tranches[0]).toMatchObject({ status: 'paid', paidOn: addDays(t0, 36) });
  });

  it('renews the convention across continue-as-new, keeping the history, the idempotency keys and the new period’s yearly tranches (003_0395d5c6dd79564e.txt)', async () => {
    const structure = structures.reunionCommune;
    const t0 = await serverToday();
    const postId = await drive.grant(structure, t0);
    await drive.onboard(postId, structure, t0);
    await drive.send(postId, actors.trainingOrg, { type: 'START_TRAINING', startedOn: t0 });
    const handle = env.client.workflow.getHandle(postId);
    const firstRun = (await handle.describe()).runId;

    await harness.posts.sendEvent(postId, {
      requestId: 'renewal-request',
      actor: actors.structureOf(structure),
      event: { type: 'REQUEST_RENEWAL', requestedOn: addDays(t0, 600) },
    });
    const before = await harness.posts.view(postId);
    expect(before.status).toBe('renewal_pending');
    await drive.send(postId, actors.bdt, { type: 'VALIDATE_RENEWAL', signedOn: addDays(t0, 700), amountCents: 5_000_000, months: 24 });
    await env.sleep(days(1));

    const renewed = await harness.posts.view(postId);
    expect((await env.client.workflow.getHandle(postId).describe()).runId).not.toBe(firstRun);
    expect(renewed.status).toBe('in_training');
    expect(renewed.version).toBe(before.version + 1);
    expect(renewed.convention).toMatchObject({ period: 2, policy: '2025-renewal', amountCents: 5_000_000, months: 24 });
    expect(renewed.tranches.map((t) => [t.amountCents, t.dueOn])).toEqual([
      [2_500_000, addDays(t0, 700)],
      [2_500_000, addCalendarMonths(addDays(t0, 700), 12)],
    ]);
    const repeated = await harness.posts.sendEvent(postId, {
      requestId: 'renewal-request',
      actor: actors.structureOf(structure),
      event: { type: 'REQUEST_RENEWAL', requestedOn: addDays(t0, 600) },
    });
    expect(repeated.status).toBe('renewal_pending');
    expect((await harness.posts.view(postId)).version).toBe(renewed.version);
    expect(await harness.models.Convention.countDocuments({ postId })).toBe(2);
  });
});
