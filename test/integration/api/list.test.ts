import { postListSchema } from '../../../api/post-api-schemas';
import { addDays } from '../../../domain/calendar/business-date';
import type { Actor } from '../../../domain/lifecycle/actor';
import { today } from '../../support/post-fixtures';
import { association, commune, staffOf } from './api-fixtures';
import { type ApiHarness, send, startApiHarness } from './api-harness';

/** `GET /api/v1/posts`: filters, pagination and the caller's territory, from the MongoDB read model. */
describe('listing posts', () => {
  let api: ApiHarness;
  const t = today();
  const s = {
    a: commune('971', 'Commune A'),
    b: commune('974', 'Commune B'),
    c: association('69', 'Association C'),
    d: commune('971', 'Commune D'),
    e: association('69', 'Association E'),
  };
  const ids: Record<keyof typeof s, string> = { a: '', b: '', c: '', d: '', e: '' };

  async function create(key: keyof typeof s, policy?: string): Promise<string> {
    const created = await api.request('POST', '/api/v1/posts', { as: staffOf.structure(s[key]), body: { structure: s[key], ...(policy ? { policy } : {}) } });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    ids[key] = created.body.id;
    return created.body.id;
  }
  const grant = async (id: string, department: string) => {
    await send(api, id, staffOf.prefecture(department), { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Besoin' });
    await send(api, id, staffOf.anct, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: t });
  };

  beforeAll(async () => {
    api = await startApiHarness();
    // Created one after the other: the list shows the newest first.
    await create('a');
    await send(api, await create('b'), staffOf.prefecture('974'), { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Besoin' });
    await grant(await create('c'), '69'); // recruitment deadline: today + 1 month
    await grant(await create('d', '2021-public'), '971'); // 2021 public: no recruitment deadline
    const e = await create('e');
    await grant(e, '69');
    await send(api, e, staffOf.anct, { type: 'GRANT_DEROGATION', grantedOn: t, newDeadline: addDays(t, 90) });
  });
  afterAll(() => api?.close());

  async function list(as: Actor, query = ''): Promise<string[]> {
    const answer = await api.request('GET', `/api/v1/posts${query}`, { as });
    expect(answer.status).toBe(200);
    const page = postListSchema.parse(answer.body);
    const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return page.items.map((p) => names[p.id] ?? p.id);
  }

  it('shows the read model’s fields, newest first', async () => {
    expect(await list(staffOf.anct)).toEqual(['e', 'd', 'c', 'b', 'a']);
    const answer = await api.request('GET', '/api/v1/posts?siret=' + s.e.siret, { as: staffOf.bdt });
    expect(answer.body.items[0]).toMatchObject({
      id: ids.e,
      status: 'recruiting',
      policy: '2022-private',
      structure: s.e,
      deadlines: [{ kind: 'recruitment', dueOn: addDays(t, 90) }],
      nextDeadlineOn: addDays(t, 90),
    });
    expect(answer.body.items[0]).not.toHaveProperty('allowedEvents');
  });

  it('filters by status, département, SIRET, policy and next deadline, alone or together', async () => {
    const anct = staffOf.anct;
    expect(await list(anct, '?status=recruiting')).toEqual(['e', 'd', 'c']);
    expect(await list(anct, '?status=committee')).toEqual(['b']);
    expect(await list(anct, '?department=971')).toEqual(['d', 'a']);
    expect(await list(anct, `?siret=${s.a.siret}`)).toEqual(['a']);
    expect(await list(anct, '?policy=2021-public')).toEqual(['d']);
    expect(await list(anct, '?policy=2022-private')).toEqual(['e', 'c']);
    // c's deadline is a month after today's committee; e's was moved to today + 90 days.
    expect(await list(anct, `?deadlineBefore=${addDays(t, 20)}`)).toEqual([]);
    expect(await list(anct, `?deadlineBefore=${addDays(t, 40)}`)).toEqual(['c']);
    expect(await list(anct, `?deadlineBefore=${addDays(t, 90)}`)).toEqual(['c']);
    expect(await list(anct, `?deadlineBefore=${addDays(t, 91)}`)).toEqual(['e', 'c']);
    expect(await list(anct, '?status=recruiting&department=69')).toEqual(['e', 'c']);
    expect(await list(anct, `?status=recruiting&department=69&deadlineBefore=${addDays(t, 40)}`)).toEqual(['c']);
    expect(await list(anct, '?status=rejected')).toEqual([]);
  });

  it('pages through the list with page and pageSize, and says how many there are', async () => {
    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      const answer = await api.request('GET', `/api/v1/posts?pageSize=2&page=${page}`, { as: staffOf.auditor });
      expect(answer.body).toMatchObject({ page, pageSize: 2, total: 5 });
      pages.push(answer.body.items.map((p: { id: string }) => p.id));
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1, 0]);
    expect(pages.flat()).toEqual([ids.e, ids.d, ids.c, ids.b, ids.a]);
    const defaults = await api.request('GET', '/api/v1/posts', { as: staffOf.auditor });
    expect(defaults.body).toMatchObject({ page: 1, pageSize: 20, total: 5 });
  });

  it('never shows a caller more than its territory, whatever the filters ask', async () => {
    expect(await list(staffOf.prefecture('971'))).toEqual(['d', 'a']);
    expect(await list(staffOf.prefecture('971'), '?department=974')).toEqual([]);
    expect(await list(staffOf.prefecture('69'), '?status=recruiting')).toEqual(['e', 'c']);
    expect(await list(staffOf.structure(s.a))).toEqual(['a']);
    expect(await list(staffOf.structure(s.a), `?siret=${s.b.siret}`)).toEqual([]);
    expect(await list(staffOf.trainingOrg('OF-NOBODY'))).toEqual([]);
    const total = await api.request('GET', '/api/v1/posts', { as: staffOf.prefecture('971') });
    expect(total.body.total).toBe(2);
  });
});
