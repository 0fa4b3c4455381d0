import { addCalendarMonths } from '../../../domain/calendar/business-date';
import { historySchema, notificationsSchema } from '../../../api/post-api-schemas';
import { today } from '../../support/post-fixtures';
import { commune, staffOf } from './api-fixtures';
import { type ApiHarness, send, startApiHarness } from './api-harness';

/**
 * RULES.md §4, TRANSFER_POST (issue 10, point 13): ANCT moves a returned post to a structure in the
 * programme or with an application awaiting validation; the origin's workflow starts the target's
 * post, linked both ways, and the target is told. Transfers are not applications: a closed
 * attribution phase does not stop them (RULES.md §2.5).
 */
describe('a post transferred through the API (003_0395d5c6dd79564e.txt)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api?.close());

  async function returnedPost() {
    const origin = commune('59', 'Commune de Roubaix');
    const created = await api.request('POST', '/api/v1/posts', { as: staffOf.structure(origin), body: { structure: origin } });
    const postId = created.body.id as string;
    await send(api, postId, staffOf.prefecture('59'), { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Quartier prioritaire' });
    await send(api, postId, staffOf.anct, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: today() });
    await send(api, postId, staffOf.structure(origin), { type: 'RETURN_POST', returnedOn: today(), reason: 'Projet abandonné' });
    return { origin, postId };
  }

  it('refuses a target with neither a post nor an application awaiting validation, and records the refusal', async () => {
    const { postId } = await returnedPost();
    const stranger = commune('59', 'Commune de Tourcoing');
    const answer = await api.request('POST', `/api/v1/posts/${postId}/events`, {
      as: staffOf.anct,
      body: { type: 'TRANSFER_POST', targetStructure: stranger, transferredOn: today() },
    });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'transfer.target_not_in_programme', allowedEvents: ['TRANSFER_POST'] });
    expect(answer.body.detail).toContain(stranger.siret);
    const history = historySchema.parse((await api.request('GET', `/api/v1/posts/${postId}/history`, { as: staffOf.auditor })).body);
    expect(history.items.filter((e) => e.outcome === 'refused').map((e) => e.refusal?.code)).toEqual(['transfer.target_not_in_programme']);
    // The role still comes first: a structure is refused as a structure, whatever the target.
    const asStructure = await api.request('POST', `/api/v1/posts/${postId}/events`, {
      as: staffOf.structure(stranger),
      body: { type: 'TRANSFER_POST', targetStructure: stranger, transferredOn: today() },
    });
    expect(asStructure).toMatchObject({ status: 403, body: { code: 'role.forbidden' } });
  });

  it('creates the target’s post, linked both ways, recruiting, told, even with the attribution phase closed', async () => {
    const { origin, postId } = await returnedPost();
    const target = commune('62', 'Commune de Lens');
    const application = await api.request('POST', '/api/v1/posts', { as: staffOf.structure(target), body: { structure: target } });
    expect(application.body.status).toBe('concertation');
    await api.request('PUT', '/api/v1/programme/attribution-phase', { as: staffOf.anct, body: { open: false, reason: 'Phase terminée' } });

    const t = today();
    const transferred = await send(api, postId, staffOf.anct, { type: 'TRANSFER_POST', targetStructure: target, transferredOn: t });
    expect(transferred).toMatchObject({ status: 'transferred', transferredTo: `${postId}-transfer`, outcome: { kind: 'transferred', on: t } });

    const targetId = `${postId}-transfer`;
    const post = await api.waitForPost(targetId, staffOf.structure(target), (p) => p.status === 'recruiting', 'the target’s post recruiting');
    expect(post).toMatchObject({
      structure: target,
      policy: '2022-public',
      transferredFrom: postId,
      transferredTo: null,
      deadlines: [{ kind: 'recruitment', dueOn: addCalendarMonths(t, 1) }],
      allowedEvents: expect.arrayContaining(['VALIDATE_CANDIDATE', 'RETURN_POST']),
    });
    expect((await api.request('GET', `/api/v1/posts/${targetId}`, { as: staffOf.structure(origin) })).status).toBe(403);

    // The origin's workflow started the target's: Temporal knows the link, and the origin is over.
    const description = await api.client.workflow.getHandle(targetId).describe();
    expect(description.parentExecution?.workflowId).toBe(postId);
    await api.client.workflow.getHandle(postId).result();

    const told = notificationsSchema.parse((await api.request('GET', `/api/v1/posts/${postId}/notifications`, { as: staffOf.auditor })).body);
    const toldOfTransfer = told.items.filter((n) => n.topic === 'post-transferred').map((n) => `${n.recipientRole}:${n.recipientScope}`);
    expect(toldOfTransfer.sort()).toEqual([`anct:null`, `structure:${origin.siret}`, `structure:${target.siret}`].sort());
    const received = notificationsSchema.parse((await api.request('GET', `/api/v1/posts/${targetId}/notifications`, { as: staffOf.structure(target) })).body);
    expect(received.items.map((n) => [n.topic, n.recipientRole, n.recipientScope])).toEqual([['post-received-by-transfer', 'structure', target.siret]]);

    const history = historySchema.parse((await api.request('GET', `/api/v1/posts/${targetId}/history`, { as: staffOf.auditor })).body);
    expect(history.items[0]).toMatchObject({ outcome: 'accepted', version: 1, type: 'TRANSFERRED_IN', actor: staffOf.anct, rulesRevision: 3, status: 'recruiting' });
    expect(history.replay).toMatchObject({ consistent: true, finalStatus: 'recruiting' });
  });
});
