import type { Browser, Locator, Page } from 'playwright-core';
import type { RoleScope } from '../../../auth/habilitations/habilitation';
import { consolePeople, launchChromium, plain, screenshots, seriousViolations } from '../../support/console-browser';
import { type ApiHarness, startApiHarness } from '../api/api-harness';
import { writeStatsPosts } from '../api/stats-fixtures';

/**
 * « Pilotage » in Chromium, on the known set of the statistics' API test (stats-fixtures.ts): the
 * DSFR Chart components draw under the console's strict CSP, every figure is in a table, axe-core
 * finds nothing serious, and a prefecture sees its département only.
 */
jest.setTimeout(240_000);

describe('the Pilotage page in Chromium', () => {
  let api: ApiHarness;
  let browser: Browser;
  let people: ReturnType<typeof consolePeople>;
  const staff = {
    anct: { email: 'pilotage@anct.test', siret: '13000000000013', scope: { role: 'anct' } },
    prefecture971: { email: 'pilotage@guadeloupe.pref.test', siret: '11000000000015', scope: { role: 'prefecture', department: '971' } },
  } satisfies Record<string, { email: string; siret: string; scope: RoleScope }>;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApiHarness(), launchChromium()]);
    people = consolePeople(browser, `${api.url}/console/`);
    for (const who of Object.values(staff)) {
      await api.habilitations.grant({ kind: 'person', email: who.email }, who.scope as RoleScope, { id: 'test', role: null, via: 'local-development' });
    }
    await writeStatsPosts(api.models, 'pilotage');
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** Each row's cells, as plain text (French amounts' no-break spaces as spaces). */
  const rows = async (page: Page, table: string): Promise<string[][]> =>
    (
      await page
        .locator(`#${table} tbody tr`)
        .evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { children: ArrayLike<{ textContent: string | null }> }).children, (cell) => cell.textContent ?? '')))
    ).map((cells) => cells.map(plain));

  /** A CSS property of an element, as the browser computed it. */
  const computed = (locator: Locator, property: 'opacity' | 'backgroundColor') =>
    locator.evaluate((element, name) => (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(element)[name], property);

  /** The charts' canvases, once drawn: how many of their pixels are not blank. */
  async function drawnCharts(page: Page): Promise<number[]> {
    const canvases = page.locator('bar-chart canvas');
    await canvases.nth(2).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1_500); // the charts' entry animation
    return canvases.evaluateAll((elements) =>
      elements.map((element) => {
        const canvas = element as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked += 1;
        return inked;
      }),
    );
  }

  it('draws the charts and gives every figure as a table, axe clean, with no CSP violation', async () => {
    const page = await people.as(staff.anct);
    await page.goto(`${api.url}/console/pilotage`);
    expect(await page.getByRole('link', { name: 'Pilotage' }).getAttribute('aria-current')).toBe('page');
    const inked = await drawnCharts(page);
    expect(inked).toHaveLength(3);
    for (const n of inked) expect(n).toBeGreaterThan(500);

    expect(await rows(page, 'tableau-statuts')).toEqual([
      ['Comité national', '1'],
      ['Recrutement', '1'],
      ['Recrutement en retard', '2'],
      ['En formation', '1'],
      ['En poste', '2'],
      ['Vacant', '1'],
    ]);
    expect((await rows(page, 'tableau-departements')).map((r) => r.slice(0, 3))).toEqual([
      ['2A', 'Corse', '1'],
      ['69', 'Auvergne-Rhône-Alpes', '3'],
      ['75', 'Île-de-France', '2'],
      ['971', 'Guadeloupe', '2'],
    ]);
    const money = await rows(page, 'tableau-subventions');
    expect(money.at(-1)).toEqual(['Total', ...['210 000,00 €', '18 000,01 €', '46 000,00 €', '66 000,00 €', '26 000,00 €']]);
    expect(money[1]).toEqual(['69', 'Auvergne-Rhône-Alpes', ...['90 000,00 €', '18 000,01 €', '15 000,00 €', '35 000,00 €', '12 000,00 €']]);
    expect(await rows(page, 'tableau-delais')).toEqual([
      ['De la candidature au comité', '5', '20 j', '33 j'],
      ['Du comité au recrutement (contrat signé)', '3', '60 j', '60,8 j'],
      ['Du recrutement au départ en formation', '2', '12 j', '13,6 j'],
      ['De la conformité à la convention', '3', '14 j', '26,8 j'],
    ]);
    expect((await rows(page, 'tableau-retards')).at(-1)).toEqual(['Total', '2']);
    expect(await rows(page, 'tableau-relances')).toEqual([['4', '1', '1', '1', '1', '8']]);
    expect(await rows(page, 'tableau-mois')).toContainEqual(['mars 2025', '10 000,01 €', '0,00 €']);

    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'pilotage');
    expect(people.problems()).toEqual([]);
  });

  it("shows a bar's figure on hover, its colour dot drawn under the CSP", async () => {
    const page = await people.as(staff.anct);
    const answer = await page.goto(`${api.url}/console/pilotage`);
    // Style attributes only: scripts and style sheets stay this site's, none inline.
    const policy = answer?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy.match(/unsafe-inline/g)).toEqual(['unsafe-inline']);
    expect(policy).toContain("style-src-attr 'unsafe-inline'");
    await drawnCharts(page);
    const chart = page.locator('bar-chart').nth(1);
    const canvas = chart.locator('canvas');
    const box = (await canvas.boundingBox())!;
    const tooltip = page.locator('.tooltip').nth(1);
    // Across the chart's middle, left to right, until the pointer is over a bar.
    for (let x = 5; x < box.width; x += box.width / 40) {
      await canvas.hover({ position: { x, y: box.height * 0.8 } });
      if (Number(await computed(tooltip, 'opacity')) > 0) break;
    }
    const dot = tooltip.locator('.tooltip_dot').first();
    await dot.waitFor({ timeout: 10_000 });
    expect(plain(await tooltip.locator('.tooltip_place').first().innerText())).toMatch(/^\d+$/);
    expect(await computed(dot, 'backgroundColor')).not.toBe('rgba(0, 0, 0, 0)');
    expect(people.problems()).toEqual([]);
  });

  it('shows a prefecture its département only, and the period asked for', async () => {
    const page = await people.as(staff.prefecture971);
    await page.goto(`${api.url}/console/pilotage?du=2025-01-01&au=2025-12-31&departement=69`);
    expect(plain(await page.locator('main').innerText())).toContain('Département : 971');
    expect((await rows(page, 'tableau-departements')).map((r) => r[0])).toEqual(['971']);
    expect((await rows(page, 'tableau-subventions')).at(-1)).toEqual(['Total', ...['70 000,00 €', '0,00 €', '21 000,00 €', '21 000,00 €', '14 000,00 €']]);
    expect(await rows(page, 'tableau-relances')).toEqual([['1', '0', '1', '1', '0', '3']]);
    expect(await seriousViolations(page)).toEqual([]);
    expect(people.problems()).toEqual([]);
  });
});
