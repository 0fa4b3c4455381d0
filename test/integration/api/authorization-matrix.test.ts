import { historySchema } from '../../../api/post-api-schemas';
import { actorCoversPost } from '../../../domain/lifecycle/post-access';
import { type Actor, type StaffRole, staffRoleSchema } from '../../../domain/lifecycle/actor';
import { postEventRoles } from '../../../domain/lifecycle/post-event-roles';
import { type PostEventType, staffEventTypes, systemEventTypes } from '../../../domain/lifecycle/post-events';
import { today } from '../../support/post-fixtures';
import { applicationOf, commune, samplePayloads, staffOf } from './api-fixtures';
import { type ApiHarness, send, startApiHarness } from './api-harness';

/**
 * Every staff role × every event type, generated from the roles table (`postEventRoles`, RULES.md
 * §4): a role the table does not name is refused (403 `role.forbidden`), the auditor is refused
 * everything (403 `role.read_only`), a named role outside its territory is refused (403 `scope.*`),
 * and a named role in its territory is never refused for who it is (200, or 409 for the state).
 */
const roles = staffRoleSchema.options;
const routeEventTypes: PostEventType[] = [...staffEventTypes.filter((t) => t !== 'SUBMIT_APPLICATION'), ...systemEventTypes];

const structure = commune('13', 'Commune de Martigues');
const neighbour = commune('13', 'Commune voisine');
const TRAINING_ORG = 'OF-MATRIX';

/** The caller of each role whose territory covers the post, and one whose territory does not. */
const insider: Record<StaffRole, Actor> = {
  structure: staffOf.structure(structure),
  prefecture: staffOf.prefecture('13'),
  training_org: staffOf.trainingOrg(TRAINING_ORG),
  anct: staffOf.anct,
  bdt: staffOf.bdt,
  auditor: staffOf.auditor,
};
const outsider: Partial<Record<StaffRole, { actor: Actor; code: string }>> = {
  structure: { actor: staffOf.structure(neighbour), code: 'scope.structure' },
  prefecture: { actor: staffOf.prefecture('974'), code: 'scope.department' },
  training_org: { actor: staffOf.trainingOrg('OF-OTHER'), code: 'scope.training_org' },
};

describe('authorization matrix over HTTP', () => {
  let api: ApiHarness;
  /** Posts in onboarding, trained by OF-MATRIX: one shared by the refusals, one per event type for the accepted role. */
  let shared: string;
  const fresh = new Map<PostEventType, string>();
  let refusalsSentToShared = 0;
  const payloads = samplePayloads(structure);

  async function onboardingPost(): Promise<string> {
    const created = await api.request('POST', '/api/v1/posts', { as: insider.structure, body: applicationOf(structure) });
    if (created.status !== 201) throw new Error(`creation: ${created.status} ${JSON.stringify(created.body)}`);
    const id = created.body.id as string;
    await send(api, id, insider.prefecture, payloads.GIVE_PREFECTURE_OPINION);
    await send(api, id, insider.anct, payloads.COMMITTEE_DECISION);
    await send(api, id, insider.structure, payloads.VALIDATE_CANDIDATE);
    await send(api, id, insider.structure, { ...payloads.ENROL_IN_TRAINING, trainingOrgId: TRAINING_ORG });
    return id;
  }

  beforeAll(async () => {
    api = await startApiHarness();
    shared = await onboardingPost();
    const types = routeEventTypes.filter((t) => postEventRoles[t].some((r) => r !== 'system'));
    for (let i = 0; i < types.length; i += 6) {
      const batch = types.slice(i, i + 6);
      const ids = await Promise.all(batch.map(() => onboardingPost()));
      batch.forEach((type, j) => fresh.set(type, ids[j]!));
    }
  }, 120_000);
  afterAll(() => api?.close());

  const post = (postId: string, as: Actor, type: PostEventType) =>
    api.request('POST', `/api/v1/posts/${postId}/events`, { as, body: payloads[type] });

  describe.each(routeEventTypes)('%s', (type) => {
    const allowed = postEventRoles[type];

    it(`is refused (403) to every role but ${allowed.join(', ')}, and to the auditor`, async () => {
      for (const role of roles.filter((r) => !allowed.includes(r))) {
        const answer = await post(shared, insider[role], type);
        refusalsSentToShared += 1;
        expect({ role, status: answer.status, code: answer.body.code, type: answer.contentType }).toEqual({
          role,
          status: 403,
          code: role === 'auditor' ? 'role.read_only' : 'role.forbidden',
          type: expect.stringContaining('application/problem+json'),
        });
      }
    });

    const scoped = allowed.filter((r): r is StaffRole => r !== 'system' && outsider[r as StaffRole] !== undefined);
    if (scoped.length > 0) {
      it(`is refused (403) to ${scoped.join(', ')} outside its territory`, async () => {
        for (const role of scoped) {
          const { actor, code } = outsider[role]!;
          const answer = await post(shared, actor, type);
          refusalsSentToShared += 1;
          expect({ role, status: answer.status, code: answer.body.code }).toEqual({ role, status: 403, code });
        }
      });
    }

    const staffRoles = allowed.filter((r): r is StaffRole => r !== 'system');
    if (staffRoles.length > 0) {
      it(`is never refused to ${staffRoles.join(', ')} in its territory for who it is (200, or 409 for the post's state)`, async () => {
        for (const role of staffRoles) {
          const answer = await post(fresh.get(type)!, insider[role], type);
          expect({ role, status: [200, 409].includes(answer.status) }).toEqual({ role, status: true });
          if (answer.status === 409) expect(answer.body.code).not.toMatch(/^(role|scope)\./);
        }
      });
    }
  });

  it('lets only a structure apply, and only for its own SIRET; the auditor applies for nobody', async () => {
    const body = applicationOf(structure);
    for (const role of roles) {
      const answer = await api.request('POST', '/api/v1/posts', { as: insider[role], body });
      const expected = role === 'structure' ? 201 : 403;
      expect({ role, status: answer.status, code: answer.body.code }).toEqual({
        role,
        status: expected,
        code: role === 'structure' ? undefined : role === 'auditor' ? 'role.read_only' : 'role.forbidden',
      });
    }
    const elsewhere = await api.request('POST', '/api/v1/posts', { as: outsider.structure!.actor, body });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('scope.structure');
  });

  it('wrote every refusal on the shared post’s timeline and changed nothing on it', async () => {
    const history = historySchema.parse((await api.request('GET', `/api/v1/posts/${shared}/history`, { as: staffOf.auditor })).body);
    const refused = history.items.filter((e) => e.outcome === 'refused');
    expect(refusalsSentToShared).toBeGreaterThan(100);
    expect(refused).toHaveLength(refusalsSentToShared);
    expect(refused.every((e) => e.refusal?.kind === 'forbidden' && e.statusBefore === 'onboarding')).toBe(true);
    expect(history.items.filter((e) => e.outcome === 'accepted').map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    // RULES.md §6: the recorded history, replayed with today's rules, reaches the recorded states.
    expect(history.replay).toMatchObject({ consistent: true, replayedEvents: 5, divergences: [] });
    expect(history.replay.finalStatus).toBe(history.items.filter((e) => e.outcome === 'accepted').at(-1)?.status);
    expect((await api.request('GET', `/api/v1/posts/${shared}`, { as: staffOf.anct })).body.version).toBe(5);
  });

  it('lets each role read the post only in its territory; the auditor reads everything', async () => {
    for (const role of roles) {
      for (const path of ['', '/history', '/notifications']) {
        const answer = await api.request('GET', `/api/v1/posts/${shared}${path}`, { as: insider[role] });
        expect({ role, path, status: answer.status }).toEqual({ role, path, status: 200 });
      }
    }
    for (const [role, { actor, code }] of Object.entries(outsider)) {
      for (const path of ['', '/history', '/notifications']) {
        const answer = await api.request('GET', `/api/v1/posts/${shared}${path}`, { as: actor });
        expect({ role, path, status: answer.status, code: answer.body.code }).toEqual({ role, path, status: 403, code });
      }
      const list = await api.request('GET', '/api/v1/posts?pageSize=100', { as: actor });
      expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(shared);
    }
    for (const role of roles) {
      const list = await api.request('GET', '/api/v1/posts?pageSize=100', { as: insider[role] });
      expect(list.status).toBe(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toContain(shared);
      for (const item of list.body.items) expect(actorCoversPost(insider[role], { structure: item.structure, training: item.trainingOrgId ? ({ trainingOrgId: item.trainingOrgId } as never) : null }).ok).toBe(true);
    }
  });

  it('shows each caller the events it may send now, and none to the auditor', async () => {
    const expected: Record<StaffRole, string[]> = {
      structure: ['SIGN_CONTRACT', 'SUBMIT_SUBSIDY_REQUEST'],
      prefecture: [],
      training_org: ['RECORD_POSITIONING'],
      anct: [],
      bdt: [],
      auditor: [],
    };
    for (const role of roles) {
      const { allowedEvents } = (await api.request('GET', `/api/v1/posts/${shared}`, { as: insider[role] })).body;
      for (const type of expected[role]) expect({ role, allowedEvents }).toEqual({ role, allowedEvents: expect.arrayContaining([type]) });
      for (const type of allowedEvents as PostEventType[]) expect(postEventRoles[type]).toContain(role);
    }
    expect((await api.request('GET', `/api/v1/posts/${shared}`, { as: staffOf.auditor })).body.allowedEvents).toEqual([]);
    expect(today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
