import type { Browser, Page } from 'playwright-core';
import { actorOf, type RoleScope } from '../../../auth/habilitations/habilitation';
import { addDays } from '../../../domain/calendar/business-date';
import type { Structure } from '../../../domain/lifecycle/post-events';
import { today } from '../../support/post-fixtures';
import {
  choose,
  consolePeople,
  field,
  launchChromium,
  newPerson,
  plain,
  screenshots,
  sendForm,
  seriousViolations,
  signIn,
  statusBadge,
} from '../../support/console-browser';
import { applicationOf, commune, staffOf } from '../api/api-fixtures';
import { type ApiHarness, send, startApiHarness } from '../api/api-harness';

/**
 * The console's pages in Chromium, on posts put in place through the API: a refused action shows
 * its rule, a double click makes one transition, a prefecture sees its département only, « Mes
 * actions » lists exactly where a person may act, and every page passes axe-core and is captured.
 */
jest.setTimeout(240_000);

describe('the console in Chromium', () => {
  let api: ApiHarness;
  let browser: Browser;
  let people: ReturnType<typeof consolePeople>;
  const guadeloupe = commune('971', 'Commune de Baie-Mahault');
  const guadeloupeToo = commune('971', 'Commune du Gosier');
  const martinique = commune('972', 'Commune du Lamentin');
  const trainingOrgId = `OF-PAGES-${guadeloupe.siret.slice(-4)}`;
  const staff = {
    structure: { email: `agent-${guadeloupe.siret}@baie-mahault.test`, siret: guadeloupe.siret, scope: { role: 'structure', siret: guadeloupe.siret } },
    prefecture971: { email: 'agent@guadeloupe.pref.test', siret: '11000000000015', scope: { role: 'prefecture', department: '971' } },
    prefecture972: { email: 'agent@martinique.pref.test', siret: '11000000000015', scope: { role: 'prefecture', department: '972' } },
    anct: { email: 'agent@anct.test', siret: '13000000000013', scope: { role: 'anct' } },
    bdt: { email: 'agent@bdt.test', siret: '18000000000018', scope: { role: 'bdt' } },
    trainingOrg: { email: 'agent@of-pages.test', siret: '75000000000018', scope: { role: 'training_org', trainingOrgId } },
    auditor: { email: 'agent@controle.test', siret: '12000000000014', scope: { role: 'auditor' } },
  } satisfies Record<string, { email: string; siret: string; scope: RoleScope }>;
  const posts: Record<'applied' | 'appliedToo' | 'recruiting' | 'inTraining' | 'martinique', string> = {} as never;

  const postUrl = (id: string) => `${api.url}/console/postes/${id}`;
  const acceptedOf = async (postId: string, type: string) => api.models.PostEvent.countDocuments({ postId, type, outcome: 'accepted' });

  async function apply(structure: Structure): Promise<string> {
    const created = await api.request('POST', '/api/v1/posts', { as: staffOf.structure(structure), body: applicationOf(structure) });
    if (created.status !== 201) throw new Error(`application refused: ${JSON.stringify(created.body)}`);
    return created.body.id as string;
  }

  async function grant(structure: Structure): Promise<string> {
    const postId = await apply(structure);
    await send(api, postId, staffOf.prefecture(structure.department), { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Besoin avéré' });
    await send(api, postId, staffOf.anct, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: today() });
    return postId;
  }

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApiHarness(), launchChromium()]);
    people = consolePeople(browser, `${api.url}/console/`);
    for (const who of Object.values(staff)) {
      await api.habilitations.grant({ kind: 'person', email: who.email }, who.scope as RoleScope, { id: 'test', role: null, via: 'local-development' });
    }
    posts.applied = await apply(guadeloupe);
    posts.appliedToo = await apply(guadeloupeToo);
    posts.martinique = await apply(martinique);
    posts.recruiting = await grant(guadeloupe);
    // In training 200 days ago: tranches 1 and 2 are due, tranche 3 is not.
    const past = addDays(today(), -200);
    const agent = staffOf.structure(guadeloupe);
    const inTraining = await grant(guadeloupe);
    for (const [actor, event] of [
      [agent, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Camille', lastName: 'Martin', email: 'camille.martin@example.fr' } }],
      [agent, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'DOS-971-2', submittedOn: past }],
      [staffOf.bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: past }],
      [agent, { type: 'ENROL_IN_TRAINING', trainingOrgId, enrolledOn: past }],
      [staffOf.trainingOrg(trainingOrgId), { type: 'RECORD_POSITIONING', hours: 105 }],
      [agent, { type: 'SIGN_CONTRACT', contractType: 'public-cdi', signedOn: past, startsOn: past }],
      [staffOf.bdt, { type: 'SIGN_CONVENTION', signedOn: past }],
      [staffOf.trainingOrg(trainingOrgId), { type: 'START_TRAINING', startedOn: addDays(past, 3) }],
    ] as const) {
      await send(api, inTraining, actor, event);
    }
    await api.waitForPost(inTraining, staffOf.bdt, (p) => p.tranches.filter((t: { status: string }) => t.status === 'due').length === 2, 'tranches 1 and 2 due');
    posts.inTraining = inTraining;
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('shows a refused action’s rule at the top, and a field’s error at the field, with what was typed kept', async () => {
    const bdt = await people.as(staff.bdt);
    const refused = await sendForm(bdt, postUrl(posts.inTraining), 'CONFIRM_TRANCHE_PAYMENT', async (f) => {
      await choose(f, 'Tranche 1 (20 %)');
      await field(f, 'Date du paiement').fill(today());
      await field(f, 'Montant payé').fill('10 000,00');
    });
    const alert = plain(await refused.locator('#refus').innerText());
    expect(alert).toContain('Action refusée');
    expect(alert).toContain('Le montant payé (10 000,00 €) doit égaler celui de la tranche 1 (14 000,00 €)');
    expect(alert).toContain('Règle : tranche.amount_mismatch');
    expect(await field(refused.locator('form[data-action="CONFIRM_TRANCHE_PAYMENT"]'), 'Montant payé').inputValue()).toBe('10 000,00');
    expect(await refused.locator('#chronologie tr.cnum-refused').count()).toBe(1);
    expect(await acceptedOf(posts.inTraining, 'CONFIRM_TRANCHE_PAYMENT')).toBe(0);
    expect(await seriousViolations(refused)).toEqual([]);
    await screenshots(refused, 'poste-action-refusee');

    const structure = await people.as(staff.structure);
    const invalid = await sendForm(structure, postUrl(posts.recruiting), 'VALIDATE_CANDIDATE', async (f) => {
      await field(f, 'Prénom').fill('Sam');
      await field(f, 'Adresse électronique').fill('pas-une-adresse');
    });
    const form = invalid.locator('form[data-action="VALIDATE_CANDIDATE"]');
    expect(await form.locator('#validate_candidate-advisor-email-erreur').innerText()).toMatch(/adresse e-mail invalide/i);
    expect(await form.locator('#validate_candidate-advisor-lastName-erreur').innerText()).toBe('Ce champ est obligatoire.');
    expect(await field(form, 'Adresse électronique').getAttribute('aria-describedby')).toContain('validate_candidate-advisor-email-erreur');
    expect(await field(form, 'Prénom').inputValue()).toBe('Sam');
    expect(await statusBadge(invalid)).toBe('Recrutement');
    expect(await seriousViolations(invalid)).toEqual([]);
    await screenshots(invalid, 'poste-formulaire-en-erreur');
  });

  it('makes one transition of a double click, with or without the page’s script, and of the same form sent twice', async () => {
    const { page: noScript } = await newPerson(browser, api.url, { javaScriptEnabled: false });
    await signIn(noScript, `${api.url}/console/`, staff.prefecture971);
    await noScript.goto(postUrl(posts.applied));
    const form = noScript.locator('form[data-action="REQUEST_INFORMATION"]');
    await field(form, 'Questions posées à la structure').fill('Quel public visez-vous ?');
    await form.getByRole('button').dblclick();
    await noScript.waitForURL(/fait=REQUEST_INFORMATION/);
    expect(await statusBadge(noScript)).toBe('Informations demandées');
    expect(await acceptedOf(posts.applied, 'REQUEST_INFORMATION')).toBe(1);

    const structure = await people.as(staff.structure);
    await structure.goto(postUrl(posts.applied));
    const answer = structure.locator('form[data-action="PROVIDE_INFORMATION"]');
    await field(answer, 'Réponses de la structure').fill('Les seniors du quartier.');
    await answer.getByRole('button').dblclick();
    await structure.waitForURL(/fait=PROVIDE_INFORMATION/);
    expect(await acceptedOf(posts.applied, 'PROVIDE_INFORMATION')).toBe(1);

    // The same rendered form sent twice at once (its idempotency key with it): one transition.
    const prefecture = await people.as(staff.prefecture971);
    await prefecture.goto(postUrl(posts.appliedToo));
    const fields = await prefecture.locator('form[data-action="REQUEST_INFORMATION"] input[type="hidden"]').evaluateAll((inputs) =>
      Object.fromEntries(inputs.map((input) => [input.getAttribute('name')!, input.getAttribute('value') ?? ''])),
    );
    const action = `${api.url}/console/postes/${posts.appliedToo}/actions/REQUEST_INFORMATION`;
    const both = await Promise.all(
      [1, 2].map(() => prefecture.request.post(action, { form: { ...fields, questions: 'Quels horaires ?' }, maxRedirects: 0 })),
    );
    expect(both.map((r) => [r.status(), r.headers().location])).toEqual([
      [303, `/console/postes/${posts.appliedToo}?fait=REQUEST_INFORMATION`],
      [303, `/console/postes/${posts.appliedToo}?fait=REQUEST_INFORMATION`],
    ]);
    expect(await acceptedOf(posts.appliedToo, 'REQUEST_INFORMATION')).toBe(1);

    // Without the session's CSRF token, a form sent from elsewhere changes nothing.
    const { _csrf: _token, ...forged } = fields;
    const anotherPost = await apply(guadeloupeToo);
    const refused = await prefecture.request.post(`${api.url}/console/postes/${anotherPost}/actions/REQUEST_INFORMATION`, { form: { ...forged, questions: 'Forgée ?' }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect(plain(await refused.text())).toContain('Jeton anti-falsification absent ou invalide');
    expect(await acceptedOf(anotherPost, 'REQUEST_INFORMATION')).toBe(0);
  });

  it('shows a prefecture its département only: in the list, in a search, and a 403 page for a post by its address', async () => {
    const martiniquePrefecture = await people.as(staff.prefecture972);
    await martiniquePrefecture.goto(`${api.url}/console/postes`);
    const names = async (page: Page) => (await page.locator('#postes tbody tr td:first-child a').allTextContents()).map(plain);
    expect(await names(martiniquePrefecture)).toEqual([martinique.name]);
    expect(await martiniquePrefecture.getByText('Département : 972').count()).toBe(1);
    await screenshots(martiniquePrefecture, 'postes-prefecture-972');

    for (const search of [guadeloupe.name, guadeloupe.siret, 'Baie Mahault']) {
      await martiniquePrefecture.goto(`${api.url}/console/postes?recherche=${encodeURIComponent(search)}`);
      expect(await martiniquePrefecture.locator('#resultats').innerText()).toBe('Aucun poste ne correspond.');
    }
    // Its own département's posts are found by name, case and accents aside.
    await martiniquePrefecture.goto(`${api.url}/console/postes?recherche=${encodeURIComponent('lamentin')}`);
    expect(await names(martiniquePrefecture)).toEqual([martinique.name]);

    const answer = await martiniquePrefecture.goto(postUrl(posts.applied));
    expect(answer?.status()).toBe(403);
    expect(plain(await martiniquePrefecture.locator('main').innerText())).toContain('La préfecture du 972 ne peut pas agir sur un poste du 971.');
    expect(await seriousViolations(martiniquePrefecture)).toEqual([]);
    await screenshots(martiniquePrefecture, 'acces-refuse-403');

    await martiniquePrefecture.goto(`${api.url}/console/`);
    expect(await martiniquePrefecture.locator('#mes-actions tbody tr').count()).toBe(1);
    expect(await martiniquePrefecture.locator('#mes-actions tbody tr').getAttribute('data-poste')).toBe(`/console/postes/${posts.martinique}`);

    // And the Guadeloupe prefecture finds a structure of its own by name.
    const guadeloupePrefecture = await people.as(staff.prefecture971);
    await guadeloupePrefecture.goto(`${api.url}/console/postes?recherche=${encodeURIComponent('baie mahault')}`);
    expect(await names(guadeloupePrefecture)).toEqual([guadeloupe.name, guadeloupe.name, guadeloupe.name]);
    await guadeloupePrefecture.goto(`${api.url}/console/postes?statut=committee`);
    expect(await names(guadeloupePrefecture)).toEqual([]);
  });

  it('lists in « Mes actions » exactly the posts where each person may act, the nearest deadline first', async () => {
    const all = (await api.models.Post.find({}, { _id: 1, nextDeadlineOn: 1 }).lean()) as { _id: string; nextDeadlineOn: string | null }[];
    for (const who of [staff.structure, staff.prefecture971, staff.prefecture972, staff.anct, staff.bdt, staff.trainingOrg, staff.auditor]) {
      const actor = actorOf({ kind: 'person', email: who.email }, who.scope as RoleScope);
      const expected: string[] = [];
      for (const post of all) {
        const allowed = await api.posts.allowedEvents(post._id, actor).catch(() => []);
        if (allowed.length > 0) expected.push(post._id);
      }
      const page = await people.as(who);
      await page.goto(`${api.url}/console/`);
      const listed = (await page.locator('#mes-actions tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-poste')))).map((href) => href!.split('/').pop()!);
      expect({ who: who.email, posts: [...listed].sort() }).toEqual({ who: who.email, posts: [...expected].sort() });
      const deadlines = listed.map((id) => all.find((p) => p._id === id)!.nextDeadlineOn ?? '9999-12-31');
      expect(deadlines).toEqual([...deadlines].sort());
    }
    const anct = await people.as(staff.anct);
    await anct.goto(`${api.url}/console/`);
    expect(await seriousViolations(anct)).toEqual([]);
    await screenshots(anct, 'mes-actions-anct');
    const auditor = await people.as(staff.auditor);
    await auditor.goto(`${api.url}/console/`);
    expect(await auditor.locator('.fr-callout').innerText()).toContain('sans y agir');
  });

  it('passes axe-core on every page and captures each at 1280×800 and 390×844', async () => {
    const visit = async (page: Page, url: string, name: string, status = 200) => {
      const answer = await page.goto(url);
      expect({ name, status: answer?.status() }).toEqual({ name, status });
      // A strict policy: this site's scripts and styles only, none inline.
      const policy = answer?.headers()['content-security-policy'] ?? '';
      expect({ name, policy }).toEqual({ name, policy: expect.stringContaining("script-src 'self'") });
      expect(policy).not.toContain('unsafe-inline');
      expect({ name, violations: await seriousViolations(page) }).toEqual({ name, violations: [] });
      await screenshots(page, name);
    };
    const { page: stranger } = await newPerson(browser, api.url);
    await visit(stranger, `${api.url}/console/postes`, 'connexion');
    expect(new URL(stranger.url()).pathname).toBe('/console/connexion');

    const { page: newcomer } = await newPerson(browser, api.url);
    await signIn(newcomer, `${api.url}/console/`, { email: `nouvel.agent-${guadeloupe.siret}@baie-mahault.test`, siret: guadeloupe.siret });
    await visit(newcomer, `${api.url}/console/`, 'sans-habilitation', 403);
    expect(plain(await newcomer.locator('main').innerText())).toContain(`Demandez à un agent déjà habilité de votre structure (SIRET ${guadeloupe.siret}) de vous inviter : ${staff.structure.email}`);

    const anct = await people.as(staff.anct);
    await visit(anct, `${api.url}/console/postes`, 'postes');
    await visit(anct, `${api.url}/console/postes?departement=971&statut=concertation`, 'postes-filtres');
    await visit(anct, postUrl(posts.recruiting), 'poste-actions');
    await visit(anct, `${api.url}/console/postes/${posts.inTraining}/audit`, 'audit-en-formation');
    await visit(anct, `${api.url}/console/postes/inconnu`, 'poste-introuvable', 404);
    const bdt = await people.as(staff.bdt);
    await visit(bdt, postUrl(posts.inTraining), 'poste-en-formation');

    // Someone with two habilitations chooses which one to act with.
    const twoHats = { email: 'agent.double@anct.test', siret: '13000000000013' };
    await api.habilitations.grant({ kind: 'person', email: twoHats.email }, { role: 'anct' }, { id: 'test', role: null, via: 'local-development' });
    await api.habilitations.grant({ kind: 'person', email: twoHats.email }, { role: 'auditor' }, { id: 'test', role: null, via: 'local-development' });
    const { page: both } = await newPerson(browser, api.url);
    await signIn(both, `${api.url}/console/`, twoHats);
    expect(new URL(both.url()).pathname).toBe('/console/habilitation');
    expect({ violations: await seriousViolations(both) }).toEqual({ violations: [] });
    await screenshots(both, 'choix-habilitation');
    await choose(both.locator('form'), 'contrôle (lecture seule)');
    await both.getByRole('button', { name: 'Agir avec cette habilitation' }).click();
    await both.waitForURL(`${api.url}/console/`);
    expect(await both.locator('.fr-callout').innerText()).toContain('contrôle (lecture seule)');

    // Signing out: the provider confirms, then the console's page says so.
    await anct.goto(`${api.url}/console/`);
    await anct.getByRole('button', { name: 'Se déconnecter' }).click();
    await anct.getByRole('button', { name: 'Se déconnecter' }).click();
    await anct.waitForURL((url) => url.pathname === '/auth/logout/callback');
    expect(await anct.locator('h1').innerText()).toBe('Vous êtes déconnecté(e).');
    expect({ violations: await seriousViolations(anct) }).toEqual({ violations: [] });
    await screenshots(anct, 'deconnexion');
    await anct.goto(`${api.url}/console/`);
    expect(new URL(anct.url()).pathname).toBe('/console/connexion');

    expect(people.problems()).toEqual([]);
  });
});
