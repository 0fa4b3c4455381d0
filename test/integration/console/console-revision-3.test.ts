import type { Browser, Locator } from 'playwright-core';
import type { RoleScope } from '../../../auth/habilitations/habilitation';
import { frenchDate } from '../../../domain/text/french-format';
import type { Structure } from '../../../domain/lifecycle/post-events';
import { today } from '../../support/post-fixtures';
import { choose, consolePeople, field, launchChromium, plain, screenshots, sendForm, seriousViolations, statusBadge } from '../../support/console-browser';
import { applicationOf, commune, staffOf } from '../api/api-fixtures';
import { type ApiHarness, send, startApiHarness } from '../api/api-harness';

/**
 * What rules revision 3 (RULES.md §8) brought, done through the console in Chromium: bdt refuses
 * a renewal, ANCT transfers a returned post (the API's check of the target applies to the
 * console's form too), and a structure learns that the attribution phase is closed before it
 * fills in an application.
 */
jest.setTimeout(240_000);

describe('the console under rules revision 3, in Chromium', () => {
  let api: ApiHarness;
  let browser: Browser;
  let people: ReturnType<typeof consolePeople>;
  const origin = commune('59', 'Commune de Roubaix');
  const staff = {
    structure: { email: `agent-${origin.siret}@roubaix.test`, siret: origin.siret, scope: { role: 'structure', siret: origin.siret } },
    anct: { email: 'agent.revision3@anct.test', siret: '13000000000013', scope: { role: 'anct' } },
    bdt: { email: 'agent.revision3@bdt.test', siret: '18000000000018', scope: { role: 'bdt' } },
  } satisfies Record<string, { email: string; siret: string; scope: RoleScope }>;

  const postUrl = (id: string) => `${api.url}/console/postes/${id}`;

  async function granted(structure: Structure): Promise<string> {
    const created = await api.request('POST', '/api/v1/posts', { as: staffOf.structure(structure), body: applicationOf(structure) });
    if (created.status !== 201) throw new Error(`application refused: ${JSON.stringify(created.body)}`);
    const postId = created.body.id as string;
    await send(api, postId, staffOf.prefecture(structure.department), { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Quartier prioritaire' });
    await send(api, postId, staffOf.anct, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: today() });
    return postId;
  }

  /** Fills the structure that takes the post over, in the transfer's form. */
  async function fillTarget(form: Locator, target: Structure) {
    await field(form, 'Nom de la structure').fill(target.name);
    await field(form, 'SIRET').fill(target.siret);
    await choose(form, 'Public');
    await field(form, 'Nature de la structure').selectOption(target.kind);
    await field(form, 'Département').fill(target.department);
    await field(form, 'Date du transfert').fill(today());
  }

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApiHarness(), launchChromium()]);
    people = consolePeople(browser, `${api.url}/console/`);
    for (const who of Object.values(staff)) {
      await api.habilitations.grant({ kind: 'person', email: who.email }, who.scope as RoleScope, { id: 'test', role: null, via: 'local-development' });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('lets bdt refuse a renewal from « Mes actions », its reasons kept on the timeline', async () => {
    const postId = await granted(origin);
    const agent = staffOf.structure(origin);
    const t = today();
    await send(api, postId, agent, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Noé', lastName: 'Lefebvre', email: 'noe.lefebvre@example.fr' } });
    await send(api, postId, agent, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'DOS-59-3', submittedOn: t });
    await send(api, postId, staffOf.bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: t });
    // Revision 3: the convention may come before the contract, with the planned contract's type.
    await send(api, postId, staffOf.bdt, { type: 'SIGN_CONVENTION', signedOn: t, contractType: 'public-cdi' });
    await send(api, postId, agent, { type: 'REQUEST_RENEWAL', requestedOn: t });

    const bdt = await people.as(staff.bdt);
    await bdt.goto(`${api.url}/console/`);
    const row = bdt.locator(`#mes-actions tbody tr[data-poste="/console/postes/${postId}"]`);
    expect(plain(await row.innerText())).toContain('Refuser le renouvellement');

    const refused = await sendForm(bdt, postUrl(postId), 'REFUSE_RENEWAL', async (form) => {
      await field(form, 'Motifs du refus du renouvellement').fill('Objectifs d’accompagnement non atteints');
    });
    expect(plain(await refused.locator('#confirmation').innerText())).toContain('Refuser le renouvellement');
    const timeline = plain(await refused.locator('#chronologie').innerText());
    expect(timeline).toContain('Refuser le renouvellement');
    expect(timeline).toContain('Motifs du refus du renouvellement : Objectifs d’accompagnement non atteints');
    expect(await refused.locator('form[data-action="REFUSE_RENEWAL"]').count()).toBe(0);
    expect(await seriousViolations(refused)).toEqual([]);
    await screenshots(refused, 'poste-renouvellement-refuse');
  });

  it('transfers a returned post: a target outside the programme gets the rule, one in it gets the new post, linked both ways', async () => {
    const postId = await granted(origin);
    await send(api, postId, staffOf.structure(origin), { type: 'RETURN_POST', returnedOn: today(), reason: 'Projet abandonné' });
    const target = commune('62', 'Commune de Lens');
    const application = await api.request('POST', '/api/v1/posts', { as: staffOf.structure(target), body: applicationOf(target) });
    expect(application.body.status).toBe('concertation');

    const anct = await people.as(staff.anct);
    const stranger = commune('59', 'Commune de Tourcoing');
    const refused = await sendForm(anct, postUrl(postId), 'TRANSFER_POST', (form) => fillTarget(form, stranger));
    const alert = plain(await refused.locator('#refus').innerText());
    expect(alert).toContain(`${stranger.name} (SIRET ${stranger.siret}) n’a ni poste dans le dispositif ni candidature en attente de validation`);
    expect(alert).toContain('Règle : transfer.target_not_in_programme');
    expect(await refused.locator('#chronologie tr.cnum-refused').count()).toBe(1);
    expect(await statusBadge(refused)).toBe('Rendu');

    const moved = await sendForm(anct, postUrl(postId), 'TRANSFER_POST', (form) => fillTarget(form, target));
    expect(await moved.locator('#confirmation').count()).toBe(1);
    expect(await statusBadge(moved)).toBe('Transféré');
    const targetId = `${postId}-transfer`;
    await api.waitForPost(targetId, staffOf.anct, (p) => p.status === 'recruiting', 'the target’s post recruiting');
    await moved.locator('#transfert').getByRole('link', { name: targetId }).click();
    await moved.waitForURL(postUrl(targetId));
    expect(await statusBadge(moved)).toBe('Recrutement');
    expect(plain(await moved.locator('#transfert').innerText())).toContain(`par transfert du poste ${postId}`);
    const arrival = plain(await moved.locator('#chronologie tbody tr').first().innerText());
    expect(arrival).toContain('Poste attribué par transfert d’un autre poste');
    expect(arrival).toContain(`Poste d’origine : ${postId}`);
    expect(arrival).toContain(`Date du transfert : ${frenchDate(today())}`);
    expect(await seriousViolations(moved)).toEqual([]);
    await screenshots(moved, 'poste-transfere');
  });

  it('tells a structure the attribution is closed before it fills in an application, and takes one again once ANCT reopens it', async () => {
    const structure = await people.as(staff.structure);
    await api.request('PUT', '/api/v1/programme/attribution-phase', { as: staffOf.anct, body: { open: false, reason: 'Phase terminée' } });
    try {
      await structure.goto(`${api.url}/console/candidature`);
      const notice = plain(await structure.locator('#attribution-close').innerText());
      expect(notice).toContain('La phase d’attribution des postes est close');
      expect(notice).toContain('Règle : application.attribution_closed');
      expect(await structure.locator('form[data-action="SUBMIT_APPLICATION"]').count()).toBe(0);
      expect(await seriousViolations(structure)).toEqual([]);
      await screenshots(structure, 'candidature-phase-close');
    } finally {
      await api.request('PUT', '/api/v1/programme/attribution-phase', { as: staffOf.anct, body: { open: true } });
    }
    await structure.goto(`${api.url}/console/candidature`);
    expect(await structure.locator('#attribution-close').count()).toBe(0);
    expect(await structure.locator('form[data-action="SUBMIT_APPLICATION"]').count()).toBe(1);
    expect(people.problems()).toEqual([]);
  });
});
