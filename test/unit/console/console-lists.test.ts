import { structureNamePattern, type PostListRow } from '../../../console/adapters/post-list-queries';
import { myActionsView } from '../../../console/view-models/my-actions-view';
import { paginationView, parsePostListQuery, postsListView } from '../../../console/view-models/posts-list-view';

const row = (id: string, nextDeadlineOn: string | null, actions: Record<string, string[]>, createdAt = '2026-01-01T00:00:00Z'): PostListRow => ({
  _id: id,
  status: 'recruiting',
  policy: '2022-public',
  siret: '21971120100018',
  department: '971',
  structure: { name: `Commune ${id}`, siret: '21971120100018', department: '971' },
  deadlines: nextDeadlineOn ? [{ kind: 'recruitment', dueOn: nextDeadlineOn }] : [],
  nextDeadlineOn,
  actionsByRole: actions,
  createdAt: new Date(createdAt),
});

describe('the console’s lists', () => {
  it('« Mes actions »: the posts where the role may act, the nearest deadline first, those without one last', () => {
    const view = myActionsView(
      [
        row('late', '2026-12-20', { anct: ['GRANT_DEROGATION'] }),
        row('none', null, { anct: ['COMMITTEE_DECISION'] }),
        row('soon', '2026-12-05', { anct: ['WITHDRAW_POST', 'GRANT_DEROGATION'] }),
        row('not-mine', '2026-12-02', { prefecture: ['GIVE_PREFECTURE_OPINION'], anct: [] }),
      ],
      { id: 'a', role: 'anct' },
      '2026-12-01',
      (id) => `/console/postes/${id}`,
    );
    expect(view.items.map((i) => [i.href, i.actions, i.deadline?.daysLeft ?? null])).toEqual([
      ['/console/postes/soon', ['Retirer le poste', 'Accorder une dérogation'], 'dans 4 jours'],
      ['/console/postes/late', ['Accorder une dérogation'], 'dans 19 jours'],
      ['/console/postes/none', ['Enregistrer la décision du comité'], null],
    ]);
    expect(view.total).toBe(3);
  });

  it('reads the filters of « Postes » from the address, dropping values that are not allowed', () => {
    expect(parsePostListQuery({ statut: 'recruiting', departement: '971', recherche: ' Sainte-Anne ', page: '3' })).toEqual({
      filters: { status: 'recruiting', department: '971', policy: undefined, deadlineBefore: undefined, search: 'Sainte-Anne' },
      page: 3,
      dropped: [],
    });
    expect(parsePostListQuery({ statut: 'perdu', departement: '999', echeanceAvant: '2026-02-30' })).toMatchObject({ filters: { status: undefined, department: undefined, deadlineBefore: undefined }, dropped: ['statut', 'departement', 'echeanceAvant'] });
  });

  it('« Exporter »: each export in CSV and Excel, carrying the list’s filters and search but not its page', () => {
    const view = postsListView({
      rows: [row('a', null, {})],
      total: 45,
      page: 2,
      filters: { status: 'recruiting', department: '971', search: 'sainte anne' },
      dropped: [],
      today: '2026-12-01',
      listPath: '/console/postes',
      postHref: (id) => `/console/postes/${id}`,
      exportPaths: { posts: '/console/exports/postes', tranches: '/console/exports/tranches', notifications: '/console/exports/notifications' },
      departmentFixed: null,
    });
    expect(view.exports).toEqual([
      { label: 'Postes', csv: '/console/exports/postes?format=csv&statut=recruiting&departement=971&recherche=sainte+anne', xlsx: '/console/exports/postes?format=xlsx&statut=recruiting&departement=971&recherche=sainte+anne' },
      { label: 'Tranches', csv: '/console/exports/tranches?format=csv&statut=recruiting&departement=971&recherche=sainte+anne', xlsx: '/console/exports/tranches?format=xlsx&statut=recruiting&departement=971&recherche=sainte+anne' },
      { label: 'Notifications', csv: '/console/exports/notifications?format=csv&statut=recruiting&departement=971&recherche=sainte+anne', xlsx: '/console/exports/notifications?format=xlsx&statut=recruiting&departement=971&recherche=sainte+anne' },
    ]);
  });

  it('paginates with the first, the last and the pages around the current one', () => {
    const p = paginationView(5, 200, 20, (n) => `?page=${n}`)!;
    expect(p.pages.map((x) => [x.number, x.current])).toEqual([[1, false], [3, false], [4, false], [5, true], [6, false], [7, false], [10, false]]);
    expect([p.previous, p.next, p.first, p.last]).toEqual(['?page=4', '?page=6', '?page=1', '?page=10']);
    expect(paginationView(1, 20, 20, String)).toBeNull();
  });

  it('searches structure names whatever the case, the accents and the hyphens', () => {
    const pattern = new RegExp(structureNamePattern('sainte anne'), 'i');
    expect(['Commune de Sainte-Anne', 'SAINTE ANNE', 'Sainté-Anne'].every((name) => pattern.test(name))).toBe(true);
    expect(pattern.test('Saint-Anne')).toBe(false);
    expect(new RegExp(structureNamePattern('évry (91)'), 'i').test('Commune d’Evry (91)')).toBe(true);
  });
});
