import ExcelJS from 'exceljs';
import { createSessionStore } from '../../../auth/sessions/session-store';
import type { Actor } from '../../../domain/lifecycle/actor';
import { STATUS_LABELS } from '../../../console/view-models/console-labels';
import type { PostStatus } from '../../../domain/lifecycle/post-status';
import { type ExportedNotification, type ExportedPost, type ExportedTranche } from '../../../exports/export-tables';
import type { PostFigures, StageMarks } from '../../../stats/post-figures';
import { seedExportReadModel } from '../../support/export-read-model';
import { staffOf } from './api-fixtures';
import { type ApiHarness, startApiHarness, tokenFor } from './api-harness';

/**
 * Issue 15's exports over real HTTP, on the test run's FerretDB: each one opened back as a
 * spreadsheet would (the CSV by its BOM, `;` and RFC 4180 quotes; the workbook by exceljs), its
 * rows compared with the read model's documents, the caller's territory and the list's filters.
 */
const DEPARTMENTS = ['971', '974', '69'];
const POSTS = 45;

/** RFC 4180, with `;`: quoted fields may hold `;`, `""` and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      (record = []), (field = ''), i++;
    } else field += c;
  }
  if (field !== '' || record.length > 0) throw new Error('the last record is not ended by CRLF');
  return records;
}

/** The records as objects keyed by their French headers. */
function csvTable(body: Buffer): Record<string, string>[] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [headers, ...rows] = parseCsv(body.subarray(3).toString('utf8'));
  for (const row of rows) expect(row).toHaveLength(headers!.length);
  return rows.map((row) => Object.fromEntries(headers!.map((h, i) => [h, row[i]!])));
}

async function workbookTable(body: Buffer, sheetName: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((s) => s.name)).toEqual([sheetName]);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, ExcelJS.Cell>[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1)])));
  });
  return rows;
}

const frenchDay = (day: string) => day.split('-').reverse().join('/');
const euros = (cents: number) => `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
const parisDay = (at: Date | string) => new Date(at).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
const parisTime = (at: string) => new Date(at).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });
const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);

describe('exports', () => {
  let api: ApiHarness;
  let posts: ExportedPost[];
  let tranches: ExportedTranche[];
  let notices: ExportedNotification[];
  let figures: Map<string, StageMarks>;

  beforeAll(async () => {
    api = await startApiHarness();
    await seedExportReadModel(api.models, { posts: POSTS, departments: DEPARTMENTS, prefix: 'exp1' });
    posts = await api.models.Post.find({}).sort({ createdAt: -1, _id: 1 }).lean<ExportedPost[]>();
    tranches = await api.models.Tranche.find({}).lean<ExportedTranche[]>();
    notices = await api.models.Notification.find({}).lean<ExportedNotification[]>();
    const stored = await api.models.PostFigure.find({}).lean();
    figures = new Map(stored.map((f) => [f._id, (JSON.parse(f.figures) as PostFigures).stages]));
  });
  afterAll(() => api?.close());

  async function download(path: string, as: Actor | { cookie: string }): Promise<{ status: number; type: string; disposition: string; body: Buffer }> {
    const headers: Record<string, string> = {};
    if ('cookie' in as) headers.cookie = as.cookie;
    else {
      await api.habilitate(as);
      headers.authorization = `Bearer ${await tokenFor(as)}`;
    }
    const response = await fetch(`${api.url}${path}`, { headers });
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      disposition: response.headers.get('content-disposition') ?? '',
      body: Buffer.from(await response.arrayBuffer()),
    };
  }

  const stagesOf = (postId: string): StageMarks => figures.get(postId) ?? {};
  const day = (mark: StageMarks[keyof StageMarks]) => (mark ? frenchDay(mark.on) : '');
  const paidOf = (postId: string) => tranches.filter((t) => t.postId === postId && t.status === 'paid');

  it('has posts of every kind of tranche and notice to export', () => {
    expect(posts).toHaveLength(POSTS);
    expect(new Set(tranches.map((t) => t.status))).toEqual(new Set(['scheduled', 'due', 'paid', 'suspended']));
    expect(new Set(notices.map((n) => n.delivery?.state ?? null))).toEqual(new Set(['sent', 'failed', 'no_recipient', 'pending', null]));
  });

  it('exports the posts as a French CSV: BOM, `;`, decimal comma, JJ/MM/AAAA, one row per post of the read model', async () => {
    const answer = await download('/api/v1/exports/posts', staffOf.anct);
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('text/csv; charset=utf-8');
    expect(answer.disposition).toMatch(/^attachment; filename="?postes-\d{4}-\d{2}-\d{2}\.csv"?$/);
    const rows = csvTable(answer.body);
    expect(rows.map((r) => r['Identifiant du poste'])).toEqual(posts.map((p) => p._id));
    for (const [i, post] of posts.entries()) {
      const row = rows[i]!;
      expect(row).toMatchObject({
        Structure: post.structure.name,
        SIRET: post.siret,
        Département: post.department,
        'Statut (code)': post.status,
        Statut: STATUS_LABELS[post.status as PostStatus].label,
        'Politique (code)': post.policy,
        Candidature: parisDay(post.createdAt!),
        'Convention signée le': post.convention ? frenchDay(post.convention.signedOn) : '',
        'Montant de la convention': post.convention ? euros(post.convention.amountCents) : '',
        'Durée de la convention (mois)': post.convention ? String(post.convention.months) : '',
        'Contrat signé le': post.contract ? frenchDay(post.contract.signedOn) : '',
        'Décision du comité': day(stagesOf(post._id).committee),
        'Candidat validé le': day(stagesOf(post._id).candidateValidated),
        'Premier contrat signé le': day(stagesOf(post._id).contractSigned),
        'Conformité validée le': day(stagesOf(post._id).conformity),
        'Début de la formation': day(stagesOf(post._id).trainingStarted),
        'Fin de la formation': day(stagesOf(post._id).trainingCompleted),
        'Date de la prochaine échéance': post.nextDeadlineOn ? frenchDay(post.nextDeadlineOn) : '',
        Conseiller: post.advisor ? `${post.advisor.firstName} ${post.advisor.lastName}` : '',
        'Tranches payées': String(paidOf(post._id).length),
        'Montant payé': euros(paidOf(post._id).reduce((sum, t) => sum + t.amountCents, 0)),
      });
    }
    // The first post was created at 23:30 UTC on 30 November: 1 December in Paris.
    expect(rows[0]!.Candidature).toBe('01/12/2026');
    expect(rows.some((r) => r['Montant de la convention'] === '70000,00')).toBe(true);
    expect(rows.some((r) => r['Tranches payées'] === '1' && r['Montant payé'] === '14000,00')).toBe(true);
    // Posts with and without their stages' days, and a training ended.
    expect(rows.filter((r) => r['Décision du comité'] !== '').length).toBe(Math.ceil(POSTS / 2));
    expect(rows.some((r) => r['Fin de la formation'] !== '')).toBe(true);
  });

  it('exports the posts as a workbook of typed cells: days as dates, euros as numbers in €, the header frozen', async () => {
    const answer = await download('/api/v1/exports/posts?format=xlsx', staffOf.bdt);
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(answer.disposition).toMatch(/^attachment; filename="?postes-\d{4}-\d{2}-\d{2}\.xlsx"?$/);
    const rows = await workbookTable(answer.body, 'Postes');
    expect(rows.map((r) => r['Identifiant du poste']!.value)).toEqual(posts.map((p) => p._id));
    for (const [i, post] of posts.entries()) {
      const row = rows[i]!;
      expect(row.Structure!.value).toBe(post.structure.name);
      expect(row['Statut (code)']!.value).toBe(post.status);
      expect(row.Candidature!.type).toBe(ExcelJS.ValueType.Date);
      expect(row.Candidature!.numFmt).toBe('dd/mm/yyyy');
      if (post.convention) {
        expect(row['Montant de la convention']!.type).toBe(ExcelJS.ValueType.Number);
        expect(row['Montant de la convention']!.value).toBe(post.convention.amountCents / 100);
        expect(row['Montant de la convention']!.numFmt).toContain('€');
        expect(row['Convention signée le']!.type).toBe(ExcelJS.ValueType.Date);
        expect(row['Convention signée le']!.value).toEqual(utcDay(post.convention.signedOn));
        expect(row['Durée de la convention (mois)']!.value).toBe(post.convention.months);
      } else {
        expect(row['Montant de la convention']!.type).toBe(ExcelJS.ValueType.Null);
      }
      expect(row['Tranches payées']!.value).toBe(paidOf(post._id).length);
      const committee = stagesOf(post._id).committee;
      expect(row['Décision du comité']!.value).toEqual(committee ? utcDay(committee.on) : null);
    }
    expect(rows[0]!.Candidature!.value).toEqual(utcDay('2026-12-01'));
  });

  it('exports one row per tranche of every post, in CSV and in a workbook', async () => {
    const byPost = (t: ExportedTranche) => posts.findIndex((p) => p._id === t.postId);
    const expected = [...tranches].sort((a, b) => byPost(a) - byPost(b) || a.period - b.period || a.number - b.number);
    const csv = csvTable((await download('/api/v1/exports/tranches', staffOf.auditor)).body);
    expect(csv.map((r) => [r['Identifiant du poste'], r.Tranche, r.Pourcentage, r.Montant, r.Échéance, r['État (code)'], r['Payée le']])).toEqual(
      expected.map((t) => [t.postId, String(t.number), String(t.percent), euros(t.amountCents), frenchDay(t.dueOn), t.status, t.paidOn ? frenchDay(t.paidOn) : '']),
    );
    expect(csv.find((r) => r['État (code)'] === 'paid')!.État).toBe('Payée');
    const xlsx = await workbookTable((await download('/api/v1/exports/tranches?format=xlsx', staffOf.anct)).body, 'Tranches');
    expect(xlsx).toHaveLength(expected.length);
    for (const [i, t] of expected.entries()) {
      expect(xlsx[i]!['Identifiant du poste']!.value).toBe(t.postId);
      expect(xlsx[i]!.Montant!.value).toBe(t.amountCents / 100);
      expect(xlsx[i]!.Montant!.numFmt).toContain('€');
      expect(xlsx[i]!.Échéance!.value).toEqual(utcDay(t.dueOn));
      expect(xlsx[i]!['Payée le']!.value).toEqual(t.paidOn ? utcDay(t.paidOn) : null);
    }
  });

  it('exports one row per notice, its instants in Paris time, in CSV and in a workbook', async () => {
    const byPost = (n: ExportedNotification) => posts.findIndex((p) => p._id === n.postId);
    const expected = [...notices].sort((a, b) => byPost(a) - byPost(b) || (a.createdAt < b.createdAt ? -1 : 1));
    const csv = csvTable((await download('/api/v1/exports/notifications', staffOf.anct)).body);
    expect(csv.map((r) => [r['Identifiant du poste'], r['Sujet (code)'], r.Objet, r['Envoi (code)'], r['Créée le'], r['Envoyée le']])).toEqual(
      expected.map((n) => [n.postId, n.topic, n.subject, n.delivery?.state ?? '', parisTime(n.createdAt), n.delivery?.sentAt ? parisTime(n.delivery.sentAt) : '']),
    );
    expect(csv.find((r) => r['Envoi (code)'] === '')!.Envoi).toBe('Enregistrée, non envoyée par courriel');
    const xlsx = await workbookTable((await download('/api/v1/exports/notifications?format=xlsx', staffOf.anct)).body, 'Notifications');
    expect(xlsx.map((r) => r.Objet!.value)).toEqual(expected.map((n) => n.subject));
    const first = expected[0]!;
    expect(xlsx[0]!['Créée le']!.type).toBe(ExcelJS.ValueType.Date);
    // The cell shows the clock in Paris: its zoneless value is the Paris wall time of the instant.
    const wall = new Date(first.createdAt).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).replace(' ', 'T');
    expect(xlsx[0]!['Créée le']!.value).toEqual(new Date(`${wall}Z`));
  });

  it('gives a prefecture only its département, in every export, by token or by the console’s session', async () => {
    const mine = posts.filter((p) => p.department === '974').map((p) => p._id);
    expect(mine.length).toBeGreaterThan(0);
    const prefecture = staffOf.prefecture('974');
    const postRows = csvTable((await download('/api/v1/exports/posts', prefecture)).body);
    expect(postRows.map((r) => r['Identifiant du poste'])).toEqual(mine);
    expect(new Set(postRows.map((r) => r.Département))).toEqual(new Set(['974']));
    const trancheRows = csvTable((await download('/api/v1/exports/tranches', prefecture)).body);
    expect(trancheRows.length).toBe(tranches.filter((t) => mine.includes(t.postId)).length);
    expect(new Set(trancheRows.map((r) => r.Département))).toEqual(new Set(['974']));
    const noticeRows = await workbookTable((await download('/api/v1/exports/notifications?format=xlsx', prefecture)).body, 'Notifications');
    expect(noticeRows.length).toBe(notices.filter((n) => mine.includes(n.postId)).length);
    expect(new Set(noticeRows.map((r) => r.Département!.value))).toEqual(new Set(['974']));
    // Another département's filter cannot widen the territory.
    expect(csvTable((await download('/api/v1/exports/posts?department=971', prefecture)).body)).toEqual([]);

    // The console's link is followed with the person's session cookie.
    const email = 'agent.export@prefecture.test';
    await api.habilitations.grant({ kind: 'person', email }, { role: 'prefecture', department: '974' }, { id: 'test', role: null, via: 'local-development' });
    const { cookieValue } = await createSessionStore(api.mongo, { ttlMinutes: 60 }).create(
      { email, sub: 'export-test', idpId: null, givenName: 'Agent', usualName: 'Export', siret: null, uid: null },
      'export-id-token',
    );
    const bySession = await download('/api/v1/exports/posts?format=xlsx', { cookie: `cnum_session=${cookieValue}` });
    expect(bySession.status).toBe(200);
    expect((await workbookTable(bySession.body, 'Postes')).map((r) => r['Identifiant du poste']!.value)).toEqual(mine);
  });

  it('offers « Exporter » on the console’s « Postes », its links carrying the list’s filters and search', async () => {
    const email = 'agent.console-export@prefecture.test';
    await api.habilitations.grant({ kind: 'person', email }, { role: 'prefecture', department: '69' }, { id: 'test', role: null, via: 'local-development' });
    const { cookieValue } = await createSessionStore(api.mongo, { ttlMinutes: 60 }).create(
      { email, sub: 'console-export-test', idpId: null, givenName: 'Agent', usualName: 'Console', siret: null, uid: null },
      'console-export-id-token',
    );
    const cookie = `cnum_session=${cookieValue}`;
    const page = await fetch(`${api.url}/console/postes?recherche=lyon&politique=2022-public`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const links = [...html.matchAll(/href="(\/console\/exports\/[^"]+)" download/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(links).toHaveLength(6);
    const postsCsv = links.find((l) => l.startsWith('/console/exports/postes?') && l.includes('format=csv'))!;
    expect(postsCsv).toContain('recherche=lyon');
    const expected = posts.filter((p) => p.department === '69' && p.policy === '2022-public' && /lyon/i.test(p.structure.name)).map((p) => p._id);
    expect(expected.length).toBeGreaterThan(0);
    const csv = await download(postsCsv, { cookie });
    expect(csv.status).toBe(200);
    expect(csvTable(csv.body).map((r) => r['Identifiant du poste'])).toEqual(expected);
    const xlsx = await download(links.find((l) => l.startsWith('/console/exports/tranches?') && l.includes('format=xlsx'))!, { cookie });
    expect(xlsx.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await workbookTable(xlsx.body, 'Tranches')).map((r) => r['Identifiant du poste']!.value)).toEqual(
      tranches.filter((t) => expected.includes(t.postId)).sort((a, b) => expected.indexOf(a.postId) - expected.indexOf(b.postId) || a.period - b.period || a.number - b.number).map((t) => t.postId),
    );
  });

  it('holds what the list shows with the same filters, every page of it', async () => {
    for (const query of ['status=in_training', 'department=69&policy=2022-public', `siret=${posts[4]!.siret}`, 'deadlineBefore=2023-01-01', 'status=recruiting&department=971']) {
      const list = await api.request('GET', `/api/v1/posts?${query}&pageSize=100`, { as: staffOf.anct });
      expect(list.status).toBe(200);
      const exported = csvTable((await download(`/api/v1/exports/posts?${query}`, staffOf.anct)).body);
      expect(exported.map((r) => r['Identifiant du poste'])).toEqual(list.body.items.map((p: { id: string }) => p.id));
    }
  });

  it('refuses a bad format, an unknown or a repeated parameter with a problem naming the rule', async () => {
    for (const query of ['format=pdf', 'format=csv&format=xlsx', 'page=2', 'status=unknown']) {
      const answer = await download(`/api/v1/exports/posts?${query}`, staffOf.anct);
      expect(answer.status).toBe(400);
      expect(answer.type).toMatch(/^application\/problem\+json/);
      const problem = JSON.parse(answer.body.toString('utf8'));
      expect(problem).toMatchObject({ status: 400, code: 'query.invalid', type: 'urn:cnum-orchestrator:problem:query.invalid' });
      expect(problem.issues.length).toBeGreaterThan(0);
    }
    const bad = JSON.parse((await download('/api/v1/exports/tranches?format=pdf', staffOf.anct)).body.toString('utf8'));
    expect(bad.issues).toEqual([{ path: 'format', message: 'format inconnu : csv (par défaut) ou xlsx' }]);
    const anonymous = await fetch(`${api.url}/api/v1/exports/notifications`);
    expect(anonymous.status).toBe(401);
  });
});
