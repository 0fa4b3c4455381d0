import type { Browser, Locator, Page } from 'playwright-core';
import { addDays } from '../../../domain/calendar/business-date';
import type { RoleScope } from '../../../auth/habilitations/habilitation';
import { today } from '../../support/post-fixtures';
import { choose, consolePeople, field, launchChromium, plain, screenshots, sendForm, seriousViolations, statusBadge } from '../../support/console-browser';
import { commune } from '../api/api-fixtures';
import { type ApiHarness, startApiHarness } from '../api/api-harness';

/**
 * A 2022 public post of Guadeloupe through its whole life, driven only through the console in
 * Chromium by the six roles, each signed in through the local identity provider: every step is
 * checked on screen (status badge, deadline, tranche amounts). Dates lie in the past where a
 * timer should ring at once: the convention signed 26 months ago has already ended, the training
 * started 400 days ago makes its three tranches fall due.
 */
jest.setTimeout(300_000);

describe('the console, a whole lifecycle in Chromium', () => {
  let api: ApiHarness;
  let browser: Browser;
  const structure = commune('971', 'Commune de Sainte-Anne');
  const trainingOrgId = `OF-GUADELOUPE-${structure.siret.slice(-4)}`;
  const staff: Record<string, { email: string; siret: string; scope: RoleScope }> = {
    structure: { email: `alex.martin-${structure.siret}@sainte-anne.test`, siret: structure.siret, scope: { role: 'structure', siret: structure.siret } },
    prefecture: { email: 'dominique.leroy@guadeloupe.pref.test', siret: '11000000000015', scope: { role: 'prefecture', department: '971' } },
    anct: { email: 'camille.durand@anct.test', siret: '13000000000013', scope: { role: 'anct' } },
    bdt: { email: 'sacha.bernard@bdt.test', siret: '18000000000018', scope: { role: 'bdt' } },
    training_org: { email: 'morgan.petit@of-guadeloupe.test', siret: '75000000000018', scope: { role: 'training_org', trainingOrgId } },
    auditor: { email: 'lou.robert@controle.test', siret: '12000000000014', scope: { role: 'auditor' } },
  };
  let people: ReturnType<typeof consolePeople>;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApiHarness(), launchChromium()]);
    people = consolePeople(browser, `${api.url}/console/`);
    for (const who of Object.values(staff)) {
      await api.habilitations.grant({ kind: 'person', email: who.email }, who.scope, { id: 'test', role: null, via: 'local-development' });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const as = (role: keyof typeof staff) => people.as(staff[role]!);
  const badge = statusBadge;

  /** Sends the action's form as `role`; the page must then confirm it. */
  async function act(role: keyof typeof staff, postId: string, type: string, fill?: (form: Locator) => Promise<void>): Promise<Page> {
    const page = await sendForm(await as(role), `${api.url}/console/postes/${postId}`, type, fill);
    if (!(await page.locator('#confirmation').count())) {
      throw new Error(`${type} as ${role} was not confirmed: ${(await page.locator('#refus, .fr-error-text, .fr-message--error').allInnerTexts()).join(' | ')}`);
    }
    return page;
  }

  it('takes the post from the application to its natural end, each step by its role, on screen', async () => {
    const t = today();
    const d0 = addDays(t, -800);
    const trainingStart = addDays(t, -400);
    const structurePage = await as('structure');
    expect(await structurePage.locator('h1').innerText()).toBe('Mes actions');
    await screenshots(structurePage, 'mes-actions-structure-vide');

    await structurePage.getByRole('link', { name: 'Déposer une candidature' }).click();
    const application = structurePage.locator('form[data-action="SUBMIT_APPLICATION"]');
    expect(await field(application, 'SIRET').inputValue()).toBe(structure.siret);
    await field(application, 'Nom de la structure').fill(structure.name);
    await choose(application, 'Public');
    await field(application, 'Nature de la structure').selectOption('territorial-authority');
    await field(application, 'Département').fill('971');
    await field(application, 'Prénom et nom du contact').fill('Claire Dupont');
    await field(application, 'Adresse électronique du contact').fill('claire.dupont@example.fr');
    await screenshots(structurePage, 'candidature');
    await application.getByRole('button').click();
    await structurePage.waitForURL(/fait=SUBMIT_APPLICATION/);
    expect(await badge(structurePage)).toBe('Concertation territoriale');
    expect(plain(await structurePage.locator('#statut-poste').innerText())).toContain('Guide 2022, structures publiques');
    const postId = new URL(structurePage.url()).pathname.split('/').pop()!;

    const prefecture = await as('prefecture');
    await prefecture.goto(`${api.url}/console/`);
    await expect(prefecture.locator(`tr[data-poste="/console/postes/${postId}"]`).innerText()).resolves.toContain('Donner l’avis de la préfecture');
    await screenshots(prefecture, 'mes-actions-prefecture');

    await act('prefecture', postId, 'REQUEST_INFORMATION', (f) => field(f, 'Questions posées à la structure').fill('Quels locaux pour le conseiller ?'));
    expect(await badge(prefecture)).toBe('Informations demandées');
    await act('structure', postId, 'PROVIDE_INFORMATION', (f) => field(f, 'Réponses de la structure').fill('La médiathèque municipale.'));
    const opinion = await act('prefecture', postId, 'GIVE_PREFECTURE_OPINION', async (f) => {
      await choose(f, 'Favorable');
      await field(f, 'Motifs').fill('Zone blanche numérique');
    });
    expect(await badge(opinion)).toBe('Comité national');
    const committee = await act('anct', postId, 'COMMITTEE_DECISION', async (f) => {
      await choose(f, 'Poste validé');
      await field(f, 'Date de la décision').fill(t);
    });
    expect(await badge(committee)).toBe('Recrutement');
    expect(await committee.locator('#liste-echeances').innerText()).toMatch(/Recrutement : .* — dans \d+ jours/);
    await screenshots(committee, 'poste-recrutement');

    await act('structure', postId, 'VALIDATE_CANDIDATE', async (f) => {
      await field(f, 'Prénom').fill('Camille');
      await field(f, 'Nom').fill('Martin');
      await field(f, 'Adresse électronique').fill('camille.martin@example.fr');
    });
    await act('structure', postId, 'SUBMIT_SUBSIDY_REQUEST', async (f) => {
      await field(f, 'Numéro de dossier').fill('BDT-971-1');
      await field(f, 'Date de dépôt de la demande').fill(d0);
    });
    await act('bdt', postId, 'VALIDATE_CONFORMITY', (f) => field(f, 'Date de validation de la conformité').fill(d0));
    await act('structure', postId, 'ENROL_IN_TRAINING', async (f) => {
      await field(f, 'Identifiant de l’organisme de formation').fill(trainingOrgId);
      await field(f, 'Date d’inscription').fill(d0);
    });
    await act('training_org', postId, 'RECORD_POSITIONING', (f) => field(f, 'Parcours de formation').fill('105'));
    await act('structure', postId, 'SIGN_CONTRACT', async (f) => {
      await field(f, 'Type de contrat').selectOption('public-cdi');
      await field(f, 'Date de signature du contrat').fill(d0);
      await field(f, 'Date de début du contrat').fill(d0);
    });
    await act('structure', postId, 'TRANSMIT_CONTRACT', (f) => field(f, 'Date de transmission du contrat').fill(d0));
    const convention = await act('bdt', postId, 'SIGN_CONVENTION', (f) => field(f, 'Date de signature de la convention').fill(d0));
    expect(plain(await convention.locator('#convention').innerText())).toContain('70 000,00 €');
    expect(await badge(convention)).toBe('Entrée en fonction');

    await act('training_org', postId, 'START_TRAINING', (f) => field(f, 'Date de départ en formation').fill(trainingStart));
    const trainingOrg = await as('training_org');
    expect(await badge(trainingOrg)).toBe('En formation');

    // The three tranches fall due at once (their dates are past): BdT sees them to pay.
    const bdt = await as('bdt');
    const trancheRows = async () =>
      (await bdt.locator('#tranches tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '').join(' | ')))).map(plain);
    for (let attempt = 0; (await trancheRows()).filter((row) => row.includes('À payer')).length < 3; attempt++) {
      if (attempt > 50) throw new Error(`tranches never all due: ${(await trancheRows()).join(' / ')}`);
      await bdt.waitForTimeout(200);
      await bdt.goto(`${api.url}/console/postes/${postId}`);
    }
    expect(await trancheRows()).toEqual([
      expect.stringMatching(/^Tranche 1 \(20 %\) \| 14 000,00 € \| .* \| À payer \| —$/),
      expect.stringMatching(/^Tranche 2 \(30 %\) \| 21 000,00 € \| .* \| À payer \| —$/),
      expect.stringMatching(/^Tranche 3 \(50 %\) \| 35 000,00 € \| .* \| À payer \| —$/),
    ]);
    await screenshots(bdt, 'poste-tranches-dues');

    for (const [tranche, amount] of [['1', '14 000,00'], ['2', '21 000,00'], ['3', '35 000,00']] as const) {
      await act('bdt', postId, 'CONFIRM_TRANCHE_PAYMENT', async (f) => {
        await choose(f, `Tranche ${tranche} (${['20', '30', '50'][Number(tranche) - 1]} %)`);
        await field(f, 'Date du paiement').fill(t);
        await field(f, 'Montant payé').fill(amount);
      });
    }
    expect((await trancheRows()).every((row) => row.includes('Payée'))).toBe(true);

    const active = await act('training_org', postId, 'COMPLETE_TRAINING', async (f) => {
      await field(f, 'Date de fin de formation').fill(t);
      await choose(f, 'Obtenu');
      await choose(f, 'Oui');
    });
    expect(await badge(active)).toBe('En poste');

    const closed = await act('structure', postId, 'DECLINE_RENEWAL');
    expect(await badge(closed)).toBe('Clos');
    expect(await closed.locator('#actions').innerText()).toContain('Aucune action ne vous revient');
    await screenshots(closed, 'poste-clos');

    const auditor = await as('auditor');
    await auditor.goto(`${api.url}/console/postes/${postId}/audit`);
    expect(await auditor.locator('#rejeu-resultat').innerText()).toContain('Chronologie cohérente');
    expect(await auditor.locator('#chronologie tbody tr').count()).toBeGreaterThan(20);
    // The workflow history replayed with today's code (issue 12): one row per accepted event, the chains intact.
    const verdict = await auditor.locator('#rejeu-historique-verdict').innerText();
    expect(verdict).toContain('Verdict : Conforme');
    expect(verdict).toMatch(/Déterministe avec le code d’aujourd’hui \(\d+ exécutions?, \d+ événements\)/);
    const accepted = await auditor.locator('#chronologie tbody tr.cnum-accepted').count();
    expect(await auditor.locator('#rejeu-historique-statuts tbody tr').count()).toBe(accepted);
    expect((await auditor.locator('#rejeu-historique-statuts tbody tr').last().locator('.fr-badge').textContent())?.trim()).toBe('Clos');
    const chains = await auditor.locator('#rejeu-historique-chaines').innerText();
    expect(chains).toContain(`Chaîne du workflow : intacte de la version 1 à la version ${accepted}`);
    expect(chains).toContain(`Chaîne de MongoDB : intacte de la version 1 à la version ${accepted}`);
    expect(await auditor.locator('#rejeu-historique-ecarts').count()).toBe(0);
    expect(await seriousViolations(auditor)).toEqual([]);
    await screenshots(auditor, 'audit');
    // The download is the export that `npm run audit -- --file` replays offline.
    const href = (await auditor.locator('#rapport-rejeu-historique-workflow a[download]').getAttribute('href'))!;
    const exported = await auditor.request.get(`${api.url}${href}`);
    expect(exported.status()).toBe(200);
    const body = (await exported.json()) as { postId: string; runs: { runId: string; history: { events: unknown[] } }[] };
    expect(body.postId).toBe(postId);
    expect(body.runs.reduce((sum, run) => sum + run.history.events.length, 0)).toBeGreaterThan(accepted);

    // A row edited directly in MongoDB: the page says which version and which field.
    await api.models.PostEvent.updateOne({ _id: `${postId}:3` }, { $set: { status: 'rejected' } });
    await auditor.reload();
    expect(await auditor.locator('#rejeu-historique-verdict').innerText()).toContain('Verdict : Non conforme');
    expect(await auditor.locator('#rejeu-historique-ecarts').innerText()).toContain('Chronologie MongoDB : version 3, champ status : le workflow dit « ');
    expect(await auditor.locator('#rejeu-historique-chaines').innerText()).toContain('Chaîne de MongoDB : ROMPUE — la version 3');

    expect(people.problems()).toEqual([]);
  });
});
