import { prepareAuthStorage } from '../../../auth/auth-storage';
import { habilitationId } from '../../../auth/habilitations/habilitation-store';
import type { Actor } from '../../../domain/lifecycle/actor';
import { programToken } from '../../support/test-identity-provider';
import { commune, staffOf } from './api-fixtures';
import { type ApiHarness, startApiHarness } from './api-harness';

/**
 * Habilitations through the API, for programs (real client-credentials tokens): none → 403 saying
 * whom to ask; ANCT grants → allowed; ANCT revokes → 403 at the very next request; every change in
 * the habilitations' own history; who may grant, revoke and read what.
 */
describe('habilitations', () => {
  let api: ApiHarness;
  const anct = staffOf.anct;
  const structure = commune('972', 'Commune du Lamentin');
  const structureAgent = staffOf.structure(structure);

  beforeAll(async () => {
    api = await startApiHarness();
    await Promise.all([api.habilitate(anct), api.habilitate(structureAgent), api.habilitate(staffOf.auditor), api.habilitate(staffOf.prefecture('972'))]);
  });
  afterAll(() => api?.close());

  const grant = (as: Actor, principal: object, scope: object) => api.request('POST', '/api/v1/habilitations', { as, body: { principal, scope } });

  it('refuses a program without habilitation (403, ask ANCT), lets it in once granted, and shuts it out at once when revoked', async () => {
    const clientId = 'habilitations-new-program';
    const token = await programToken(clientId);
    const before = await api.request('GET', '/api/v1/posts', { as: token });
    expect({ status: before.status, code: before.body.code }).toEqual({ status: 403, code: 'auth.no_habilitation' });
    expect(before.body.detail).toBe(`Le programme ${clientId} est authentifié mais n’a aucune habilitation sur cnum-orchestrator : demandez à l’ANCT d’habiliter ce client OAuth.`);
    expect((await api.request('GET', '/api/v1/me', { as: token })).body).toMatchObject({ via: 'bearer', principal: { kind: 'program', clientId }, habilitations: [], csrfToken: null });

    const granted = await grant(anct, { kind: 'program', clientId }, { role: 'prefecture', department: '972' });
    expect(granted.status).toBe(201);
    expect(granted.headers.get('location')).toBe(`/api/v1/habilitations/${granted.body.id}`);
    expect((await grant(anct, { kind: 'program', clientId }, { role: 'prefecture', department: '972' })).status).toBe(200);
    // The same token, now habilitated: the product decides, not the token.
    expect((await api.request('GET', '/api/v1/posts', { as: token })).status).toBe(200);

    const revoked = await api.request('DELETE', `/api/v1/habilitations/${granted.body.id}`, { as: anct });
    expect(revoked.body).toMatchObject({ active: false });
    const after = await api.request('GET', '/api/v1/posts', { as: token });
    expect({ status: after.status, code: after.body.code }).toEqual({ status: 403, code: 'auth.no_habilitation' });

    const history = await api.request('GET', `/api/v1/habilitations/history?clientId=${clientId}`, { as: staffOf.auditor });
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { change: { change: string; by: object }; scope: object }) => [e.change.change, e.change.by, e.scope])).toEqual([
      ['revoked', { id: anct.id, role: 'anct', via: 'api' }, { role: 'prefecture', department: '972' }],
      ['granted', { id: anct.id, role: 'anct', via: 'api' }, { role: 'prefecture', department: '972' }],
    ]);
    expect(history.body.total).toBe(2);
    const one = await api.request('GET', `/api/v1/habilitations/${granted.body.id}`, { as: anct });
    expect(one.body.changes.map((c: { change: string }) => c.change)).toEqual(['granted', 'revoked']);
    // An id no habilitation can have (longer than any) is unknown, like any other.
    for (const method of ['GET', 'DELETE']) {
      const unknown = await api.request(method, `/api/v1/habilitations/${'0'.repeat(65)}`, { as: anct });
      expect({ method, status: unknown.status, code: unknown.body.code }).toEqual({ method, status: 404, code: 'habilitation.not_found' });
    }
  });

  it('lets a structure invite colleagues for its own SIRET only, people only; refuses other roles', async () => {
    const colleague = { kind: 'person', email: `colleague-${structure.siret}@lamentin.test` };
    expect((await grant(structureAgent, colleague, { role: 'structure', siret: structure.siret })).status).toBe(201);
    const cases: [Actor, object, object, string][] = [
      [structureAgent, colleague, { role: 'structure', siret: commune('972').siret }, 'habilitation.scope'],
      [structureAgent, colleague, { role: 'prefecture', department: '972' }, 'habilitation.scope'],
      [structureAgent, { kind: 'program', clientId: 'lamentin-script' }, { role: 'structure', siret: structure.siret }, 'habilitation.program'],
      [staffOf.auditor, colleague, { role: 'auditor' }, 'habilitation.forbidden'],
      [staffOf.prefecture('972'), colleague, { role: 'structure', siret: structure.siret }, 'habilitation.forbidden'],
    ];
    for (const [as, principal, scope, code] of cases) {
      const answer = await grant(as, principal, scope);
      expect({ as: as.role, scope, status: answer.status, code: answer.body.code }).toEqual({ as: as.role, scope, status: 403, code });
    }
    const invalid = await grant(anct, { kind: 'person', email: 'not an email' }, { role: 'structure', siret: '12345678901234' });
    expect({ status: invalid.status, paths: invalid.body.issues.map((i: { path: string }) => i.path).sort() }).toEqual({ status: 422, paths: ['principal.email', 'scope.siret'] });

    // A structure reads its own SIRET's habilitations; ANCT and auditors all; others none.
    const mine = await api.request('GET', '/api/v1/habilitations', { as: structureAgent });
    expect(mine.body.items.length).toBeGreaterThan(0);
    for (const item of mine.body.items) expect(item.scope).toEqual({ role: 'structure', siret: structure.siret });
    expect((await api.request('GET', `/api/v1/habilitations?siret=${commune('972').siret}`, { as: structureAgent })).status).toBe(403);
    expect((await api.request('GET', '/api/v1/habilitations', { as: staffOf.prefecture('972') })).status).toBe(403);
    const all = await api.request('GET', '/api/v1/habilitations?role=anct&active=true', { as: staffOf.auditor });
    expect(all.body.items.map((h: { principal: { clientId?: string } }) => h.principal.clientId)).toContain(anct.id);
  });

  it('asks a program holding several habilitations which one it acts with', async () => {
    const clientId = 'habilitations-two-hats';
    const token = await programToken(clientId);
    const first = await grant(anct, { kind: 'program', clientId }, { role: 'bdt' });
    await grant(anct, { kind: 'program', clientId }, { role: 'auditor' });
    const ambiguous = await api.request('GET', '/api/v1/posts', { as: token });
    expect({ status: ambiguous.status, code: ambiguous.body.code }).toEqual({ status: 400, code: 'auth.habilitation_choice_required' });
    expect((await api.request('GET', '/api/v1/posts', { as: token, headers: { 'cnum-habilitation': first.body.id } })).status).toBe(200);
    const notMine = await api.request('GET', '/api/v1/posts', { as: token, headers: { 'cnum-habilitation': 'someone-else' } });
    expect(notMine.body.code).toBe('auth.habilitation_unknown');
  });

  it('habilitates the first ANCT administrators from configuration once: a later revocation holds across restarts', async () => {
    const email = 'premiere.admin@anct.test';
    await prepareAuthStorage(api.mongo, { bootstrapAnctEmails: [email] });
    const id = habilitationId({ kind: 'person', email }, { role: 'anct' });
    const bootstrapped = await api.request('GET', `/api/v1/habilitations/${id}`, { as: anct });
    expect(bootstrapped.body).toMatchObject({ active: true, changes: [{ change: 'granted', by: { id: 'BOOTSTRAP_ANCT_EMAILS', role: null, via: 'bootstrap' } }] });
    await api.request('DELETE', `/api/v1/habilitations/${id}`, { as: anct });
    await prepareAuthStorage(api.mongo, { bootstrapAnctEmails: [email] });
    expect((await api.request('GET', `/api/v1/habilitations/${id}`, { as: anct })).body.active).toBe(false);
  });
});
