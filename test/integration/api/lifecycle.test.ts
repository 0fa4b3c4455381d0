import { addCalendarMonths, addDays } from '../../../domain/calendar/business-date';
import { frenchDate } from '../../../domain/text/french-format';
import { historySchema, notificationsSchema, postDetailSchema } from '../../../api/post-api-schemas';
import { today } from '../../support/post-fixtures';
import { commune, staffOf } from './api-fixtures';
import { type ApiHarness, send, startApiHarness } from './api-harness';

/**
 * A whole post driven only through the HTTP API, each step by the role RULES.md §4 gives it, on the
 * dev server. Dates lie in the past where a timer should ring at once: a training started seven
 * months ago makes tranches 1 and 2 fall due as soon as the schedule exists.
 */
describe('a post driven through the API, from application to early exit', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api?.close());

  it('moves through every phase with the right role each time, and shows tranches, history and notifications', async () => {
    const structure = commune('971', 'Commune de Sainte-Anne');
    const agent = staffOf.structure(structure);
    const prefecture = staffOf.prefecture('971');
    const trainingOrg = staffOf.trainingOrg('OF-LIFECYCLE');
    const { anct, bdt, auditor } = staffOf;
    const t = today();
    const past = addDays(t, -200);

    const created = await api.request('POST', '/api/v1/posts', { as: agent, body: { structure } });
    expect(created.status).toBe(201);
    const postId = created.body.id as string;
    expect(created.headers.get('location')).toBe(`/api/v1/posts/${postId}`);
    expect(postDetailSchema.parse(created.body)).toMatchObject({ status: 'concertation', policy: '2022-public', version: 1, allowedEvents: [] });

    const asPrefecture = await api.request('GET', `/api/v1/posts/${postId}`, { as: prefecture });
    expect(asPrefecture.body.allowedEvents).toEqual(expect.arrayContaining(['REQUEST_INFORMATION', 'GIVE_PREFECTURE_OPINION']));

    const steps: [typeof agent, Record<string, unknown>, string][] = [
      [prefecture, { type: 'REQUEST_INFORMATION', questions: 'Quels locaux pour le conseiller ?' }, 'information_requested'],
      [agent, { type: 'PROVIDE_INFORMATION', answers: 'La médiathèque.' }, 'concertation'],
      [prefecture, { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Zone blanche numérique' }, 'committee'],
      [anct, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: t }, 'recruiting'],
      [agent, { type: 'PUBLISH_JOB_OFFER', publishedOn: past }, 'recruiting'],
      [agent, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Camille', lastName: 'Martin', email: 'camille.martin@example.fr' } }, 'onboarding'],
      [agent, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'DOS-971-1', submittedOn: past }, 'onboarding'],
      [bdt, { type: 'REQUEST_DOCUMENTS', documents: ['RIB', 'Délibération'] }, 'onboarding'],
      [agent, { type: 'PROVIDE_DOCUMENTS', providedOn: past }, 'onboarding'],
      [bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: past }, 'onboarding'],
      [agent, { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-LIFECYCLE', enrolledOn: past }, 'onboarding'],
      [trainingOrg, { type: 'RECORD_POSITIONING', hours: 105 }, 'onboarding'],
      [agent, { type: 'SIGN_CONTRACT', contractType: 'public-cdi', signedOn: past, startsOn: past }, 'onboarding'],
      [agent, { type: 'TRANSMIT_CONTRACT', transmittedOn: past }, 'onboarding'],
      [bdt, { type: 'SIGN_CONVENTION', signedOn: past }, 'onboarding'],
      [trainingOrg, { type: 'START_TRAINING', startedOn: addDays(past, 3) }, 'in_training'],
    ];
    for (const [actor, event, status] of steps) {
      const post = await send(api, postId, actor, event);
      expect({ type: event.type, status: post.status }).toEqual({ type: event.type, status });
    }

    const startedOn = addDays(past, 3);
    // Tranches 1 and 2 were due months ago: their timers ring as soon as they are armed.
    const inTraining = await api.waitForPost(postId, bdt, (p) => p.tranches.filter((tr: { status: string }) => tr.status === 'due').length === 2, 'tranches 1 and 2 due');
    expect(postDetailSchema.parse(inTraining)).toMatchObject({
      status: 'in_training',
      advisor: { firstName: 'Camille', lastName: 'Martin' },
      trainingOrgId: 'OF-LIFECYCLE',
      convention: { amountCents: 7_000_000, months: 24, signedOn: past },
    });
    expect(inTraining.tranches.map((tr: Record<string, unknown>) => [tr.number, tr.percent, tr.amountCents, tr.dueOn, tr.status, tr.paidOn])).toEqual([
      [1, 20, 1_400_000, addCalendarMonths(startedOn, 1), 'due', null],
      [2, 30, 2_100_000, addCalendarMonths(startedOn, 6), 'due', null],
      [3, 50, 3_500_000, addCalendarMonths(startedOn, 12), 'scheduled', null],
    ]);
    expect(inTraining.allowedEvents).toContain('CONFIRM_TRANCHE_PAYMENT');

    const paid = await send(api, postId, bdt, { type: 'CONFIRM_TRANCHE_PAYMENT', tranche: 1, paidOn: t, amountCents: 1_400_000 });
    expect(paid.tranches[0]).toMatchObject({ number: 1, status: 'paid', paidOn: t });

    const tooEarly = await api.request('POST', `/api/v1/posts/${postId}/events`, {
      as: bdt,
      body: { type: 'CONFIRM_TRANCHE_PAYMENT', tranche: 3, paidOn: t, amountCents: 3_500_000 },
    });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body).toMatchObject({ code: 'tranche.not_due', rule: 'tranche.not_due', detail: expect.stringContaining(frenchDate(addCalendarMonths(startedOn, 12))) });
    expect(tooEarly.body.allowedEvents).toContain('CONFIRM_TRANCHE_PAYMENT');

    expect((await send(api, postId, trainingOrg, { type: 'COMPLETE_TRAINING', completedOn: t, ccp1: 'passed', pix: true })).status).toBe('active');
    const absent = await send(api, postId, agent, { type: 'DECLARE_ABSENCE', kind: 'sick', from: t, to: addDays(t, 14) });
    expect(absent.absence).toEqual({ kind: 'sick', from: t, to: addDays(t, 14) });
    expect((await send(api, postId, agent, { type: 'END_ABSENCE', endedOn: addDays(t, 2) })).absence).toBeNull();
    await send(api, postId, anct, { type: 'SUSPEND_PAYMENTS', reason: 'Rapports d’activité non remplis' });
    const resumed = await send(api, postId, bdt, { type: 'RESUME_PAYMENTS', reason: 'Rapports remplis' });
    expect(resumed.status).toBe('active');
    await send(api, postId, bdt, { type: 'CONFIRM_TRANCHE_PAYMENT', tranche: 2, paidOn: t, amountCents: 2_100_000 });

    const exited = await send(api, postId, agent, { type: 'EXIT_EARLY', exitedOn: t, reason: 'Le conseiller part' });
    expect(exited).toMatchObject({ status: 'exited_early', outcome: { kind: 'exited_early', on: t }, allowedEvents: [] });
    const tooLate = await api.request('POST', `/api/v1/posts/${postId}/events`, { as: agent, body: { type: 'DECLINE_RENEWAL' } });
    expect(tooLate.status).toBe(409);
    expect(tooLate.body).toMatchObject({ code: 'event.not_allowed_in_status', allowedEvents: [] });

    // Only ANCT may still move an exited post: to another structure, which ends its workflow.
    expect((await api.request('GET', `/api/v1/posts/${postId}`, { as: anct })).body.allowedEvents).toEqual(['TRANSFER_POST']);
    const target = commune('971', 'Commune de Saint-François');
    expect((await api.request('POST', '/api/v1/posts', { as: staffOf.structure(target), body: { structure: target } })).status).toBe(201);
    expect((await send(api, postId, anct, { type: 'TRANSFER_POST', targetStructure: target, transferredOn: t })).status).toBe('transferred');
    await api.client.workflow.getHandle(postId).result();
    const afterEnd = await api.request('POST', `/api/v1/posts/${postId}/events`, { as: anct, body: { type: 'WITHDRAW_POST', reason: 'Clos' } });
    expect(afterEnd.status).toBe(409);
    expect(afterEnd.body).toMatchObject({ code: 'post.closed', allowedEvents: [] });
    const closed = await api.request('GET', `/api/v1/posts/${postId}`, { as: anct });
    expect(closed.body).toMatchObject({ status: 'transferred', allowedEvents: [] });

    const history = await api.request('GET', `/api/v1/posts/${postId}/history`, { as: auditor });
    expect(history.status).toBe(200);
    const { items } = historySchema.parse(history.body);
    const accepted = items.filter((e) => e.outcome === 'accepted');
    expect(accepted.map((e) => e.version)).toEqual(accepted.map((_, i) => i + 1));
    expect(accepted[0]).toMatchObject({ type: 'SUBMIT_APPLICATION', actor: agent, statusBefore: null, status: 'concertation' });
    expect(accepted.find((e) => e.type === 'COMMITTEE_DECISION')).toMatchObject({
      actor: anct,
      payload: { decision: 'validated', decidedOn: t },
      statusBefore: 'committee',
      status: 'recruiting',
    });
    expect(accepted.filter((e) => e.type === 'TRANCHE_DUE').map((e) => [e.actor.role, e.payload?.tranche])).toEqual([
      ['system', 1],
      ['system', 2],
    ]);
    const staffTypes = accepted.filter((e) => e.actor.role !== 'system').map((e) => e.type);
    expect(staffTypes).toEqual([
      'SUBMIT_APPLICATION',
      ...steps.map(([, e]) => e.type),
      'CONFIRM_TRANCHE_PAYMENT',
      'COMPLETE_TRAINING',
      'DECLARE_ABSENCE',
      'END_ABSENCE',
      'SUSPEND_PAYMENTS',
      'RESUME_PAYMENTS',
      'CONFIRM_TRANCHE_PAYMENT',
      'EXIT_EARLY',
      'TRANSFER_POST',
    ]);
    const refused = items.filter((e) => e.outcome === 'refused');
    expect(refused.map((e) => [e.type, e.actor.role, e.refusal?.code, e.statusBefore])).toEqual([
      ['CONFIRM_TRANCHE_PAYMENT', 'bdt', 'tranche.not_due', 'in_training'],
      ['DECLINE_RENEWAL', 'structure', 'event.not_allowed_in_status', 'exited_early'],
      ['WITHDRAW_POST', 'anct', 'post.closed', 'transferred'],
    ]);

    const notifications = await api.request('GET', `/api/v1/posts/${postId}/notifications`, { as: auditor });
    expect(notifications.status).toBe(200);
    const topics = notificationsSchema.parse(notifications.body).items.map((n) => `${n.topic}:${n.recipientRole}`);
    expect(topics).toEqual(expect.arrayContaining(['application-submitted:prefecture', 'tranche-due:bdt']));

    // The training organisation sees the post it trains, in the list too.
    const listed = await api.request('GET', '/api/v1/posts', { as: trainingOrg });
    expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual([postId]);
  });
});
