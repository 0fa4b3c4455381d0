import { commune, staffOf } from './api-fixtures';
import { type ApiHarness, startApiHarness } from './api-harness';

/**
 * RULES.md §2.5 (issue 10, point 14): ANCT opens and closes the attribution phase, a programme
 * setting kept in MongoDB; while it is closed, a new application is refused.
 */
const PHASE = '/api/v1/programme/attribution-phase';

describe('the attribution phase (003_0395d5c6dd79564e.txt)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api?.close());

  it('is open while ANCT never decided, so that a fresh install takes applications', async () => {
    const answer = await api.request('GET', PHASE, { as: staffOf.structure(commune('75')) });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ open: true, reason: null, changedBy: null, changedAt: null, changes: [] });
    expect((await api.request('GET', PHASE)).status).toBe(401);
  });

  it('is opened and closed by ANCT only, with a valid body', async () => {
    const structure = commune('75');
    const forbidden = await api.request('PUT', PHASE, { as: staffOf.structure(structure), body: { open: false } });
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'role.forbidden' } });
    expect((await api.request('PUT', PHASE, { as: staffOf.bdt, body: { open: false } })).status).toBe(403);
    const invalid = await api.request('PUT', PHASE, { as: staffOf.anct, body: { open: 'no', until: 'tomorrow' } });
    expect(invalid).toMatchObject({ status: 422, body: { code: 'event.invalid_payload' } });
    expect(invalid.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['', 'open']);
    expect((await api.request('GET', PHASE, { as: staffOf.anct })).body.changes).toEqual([]);
  });

  it('refuses a new application while closed, naming the rule, records who closed it and when, and takes them again once reopened', async () => {
    const before = Date.now();
    const closed = await api.request('PUT', PHASE, { as: staffOf.anct, body: { open: false, reason: 'Fin de la phase d’attribution (comité du 1er mars)' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ open: false, reason: 'Fin de la phase d’attribution (comité du 1er mars)', changedBy: { id: staffOf.anct.id, role: 'anct' } });
    expect(Date.parse(closed.body.changedAt)).toBeGreaterThanOrEqual(before - 1000);
    const again = await api.request('PUT', PHASE, { as: staffOf.anct, body: { open: false } });
    expect(again.body.changes).toHaveLength(1);

    const structure = commune('69', 'Commune de Villeurbanne');
    const refused = await api.request('POST', '/api/v1/posts', { as: staffOf.structure(structure), body: { structure }, idempotencyKey: 'closed-1' });
    expect(refused.status).toBe(409);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'application.attribution_closed', rule: 'application.attribution_closed', allowedEvents: [] });
    expect(refused.body.detail).toContain('phase d’attribution des postes est close');
    expect((await api.models.Post.countDocuments({ siret: structure.siret }))).toBe(0);

    const reopened = await api.request('PUT', PHASE, { as: staffOf.anct, body: { open: true } });
    expect(reopened.body.changes.map((c: { open: boolean; changedBy: { role: string } }) => [c.open, c.changedBy.role])).toEqual([
      [false, 'anct'],
      [true, 'anct'],
    ]);
    const created = await api.request('POST', '/api/v1/posts', { as: staffOf.structure(structure), body: { structure }, idempotencyKey: 'closed-1' });
    expect(created).toMatchObject({ status: 201, body: { status: 'concertation' } });
  });

  it('answers a repeated application with its post, even once the phase is closed', async () => {
    const structure = commune('13');
    const first = await api.request('POST', '/api/v1/posts', { as: staffOf.structure(structure), body: { structure }, idempotencyKey: 'before-closing' });
    expect(first.status).toBe(201);
    await api.request('PUT', PHASE, { as: staffOf.anct, body: { open: false } });
    try {
      const repeated = await api.request('POST', '/api/v1/posts', { as: staffOf.structure(structure), body: { structure }, idempotencyKey: 'before-closing' });
      expect(repeated).toMatchObject({ status: 201, body: { id: first.body.id } });
    } finally {
      await api.request('PUT', PHASE, { as: staffOf.anct, body: { open: true } });
    }
  });
});
