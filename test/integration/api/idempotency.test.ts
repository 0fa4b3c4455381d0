import { randomUUID } from 'node:crypto';
import { today } from '../../support/post-fixtures';
import { applicationOf, commune, staffOf } from './api-fixtures';
import { type ApiHarness, startApiHarness } from './api-harness';

/** `Idempotency-Key`: the same key gives the same answer and never a second transition. */
describe('idempotency keys', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api?.close());

  const structure = commune('69', 'Commune de Villeurbanne');
  const agent = staffOf.structure(structure);
  const prefecture = staffOf.prefecture('69');
  const opinion = { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Quartier prioritaire' };

  async function newPost(): Promise<string> {
    const created = await api.request('POST', '/api/v1/posts', { as: agent, body: applicationOf(structure) });
    expect(created.status).toBe(201);
    return created.body.id;
  }
  const sendWithKey = (postId: string, as: typeof agent, body: unknown, key: string) =>
    api.request('POST', `/api/v1/posts/${postId}/events`, { as, body, idempotencyKey: key });

  async function acceptedVersions(postId: string): Promise<number[]> {
    const { items } = (await api.request('GET', `/api/v1/posts/${postId}/history`, { as: staffOf.auditor })).body;
    return items.filter((e: { outcome: string }) => e.outcome === 'accepted').map((e: { version: number }) => e.version);
  }

  /** Accepted updates in the workflow's own history: the proof that Temporal ran one transition. */
  async function workflowUpdates(postId: string): Promise<number> {
    const history = await api.client.workflow.getHandle(postId).fetchHistory();
    return history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
  }

  it('answers the same key twice with the same answer and one transition', async () => {
    const postId = await newPost();
    const key = randomUUID();
    const first = await sendWithKey(postId, prefecture, opinion, key);
    const second = await sendWithKey(postId, prefecture, opinion, key);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'committee', version: 2 });
    expect({ ...second.body, updatedAt: null }).toEqual({ ...first.body, updatedAt: null });
    expect(await acceptedVersions(postId)).toEqual([1, 2]);
    expect(await workflowUpdates(postId)).toBe(2);
  });

  it('runs one transition for ten concurrent requests with the same key', async () => {
    const postId = await newPost();
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => sendWithKey(postId, prefecture, opinion, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => a.body.version))).toEqual(new Set([2]));
    expect(await acceptedVersions(postId)).toEqual([1, 2]);
    expect(await workflowUpdates(postId)).toBe(2);
  });

  it('creates one post for a repeated or concurrent application with the same key', async () => {
    const other = commune('69', 'Commune de Vénissieux');
    const key = randomUUID();
    const post = () => api.request('POST', '/api/v1/posts', { as: staffOf.structure(other), body: applicationOf(other), idempotencyKey: key });
    const [a, b] = await Promise.all([post(), post()]);
    const c = await post();
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(1);
    expect(a.headers.get('location')).toBe(`/api/v1/posts/${a.body.id}`);
    expect(await api.models.Post.countDocuments({ siret: other.siret })).toBe(1);
    expect(await workflowUpdates(a.body.id)).toBe(1);
  });

  it('refuses a key reused for another body or another post (422), and lets another caller use the same key', async () => {
    const postId = await newPost();
    const otherPost = await newPost();
    const key = randomUUID();
    expect((await sendWithKey(postId, prefecture, opinion, key)).status).toBe(200);

    const otherBody = await sendWithKey(postId, prefecture, { ...opinion, reasons: 'Autre motif' }, key);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe('idempotency_key.reused');
    expect(otherBody.body.issues).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    const elsewhere = await sendWithKey(otherPost, prefecture, opinion, key);
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.code).toBe('idempotency_key.reused');
    expect((await api.request('GET', `/api/v1/posts/${otherPost}`, { as: prefecture })).body.version).toBe(1);

    // Keys belong to their caller: ANCT's key of the same value is another request.
    const decision = await sendWithKey(postId, staffOf.anct, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: today() }, key);
    expect(decision.status).toBe(200);
    expect(decision.body.status).toBe('recruiting');
    // The same body with its keys in another order is the same request.
    const reordered = await sendWithKey(postId, prefecture, { reasons: opinion.reasons, opinion: 'favorable', type: opinion.type }, key);
    expect(reordered.status).toBe(200);
    expect(await acceptedVersions(postId)).toEqual([1, 2, 3]);
  });

  it('gives a refused request the same refusal again, even once the event has become possible', async () => {
    const postId = await newPost();
    const key = randomUUID();
    const answer = { type: 'PROVIDE_INFORMATION', answers: 'Voici le budget.' };
    const refused = await sendWithKey(postId, agent, answer, key);
    expect(refused.status).toBe(409);
    expect((await sendWithKey(postId, prefecture, { type: 'REQUEST_INFORMATION', questions: 'Budget ?' }, randomUUID())).status).toBe(200);

    const again = await sendWithKey(postId, agent, answer, key);
    expect(again.status).toBe(409);
    expect(again.body).toEqual(refused.body);
    const { items } = (await api.request('GET', `/api/v1/posts/${postId}/history`, { as: staffOf.auditor })).body;
    expect(items.filter((e: { outcome: string }) => e.outcome === 'refused')).toHaveLength(1);

    const fresh = await sendWithKey(postId, agent, answer, randomUUID());
    expect(fresh.status).toBe(200);
    expect(fresh.body.status).toBe('concertation');
  });
});
