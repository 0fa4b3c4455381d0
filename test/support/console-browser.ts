import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core, for the console's tests: no browser download, and
 * the flags that keep Chromium off the network (it has none here). Screenshots go to the
 * git-ignored `test-artifacts/screenshots/`, at a laptop's 1280×800 and a phone's 390×844.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // French date fields (jj/mm/aaaa), as the staff's browsers show them.
  '--lang=fr-FR',
];
export const SCREENSHOTS_DIR = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install chromium (.ci/run does it)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}

/**
 * A browser context, and the script errors and blocked or missing resources (CSP violations
 * included) of its pages on `origin`, the console's: a test expects none.
 */
export async function newPerson(browser: Browser, origin: string, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR', timezoneId: 'Europe/Paris', javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  const problems: string[] = [];
  const onConsole = () => page.url().startsWith(origin);
  // A page answered with 403 or 422 is logged as a failed load too: resources are checked below instead.
  page.on('console', (message) => {
    if (message.type() === 'error' && onConsole() && !message.text().startsWith('Failed to load resource')) problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document' && response.url().startsWith(origin)) {
      problems.push(`${page.url()}: ${response.url()} answered ${response.status()}`);
    }
  });
  // A load cut short because the test moved on to the next page (net::ERR_ABORTED) is no problem of the page's.
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    if (request.url().startsWith(origin) && request.resourceType() !== 'document' && reason !== 'net::ERR_ABORTED') {
      problems.push(`${page.url()}: ${request.url()} failed (${reason})`);
    }
  });
  page.on('pageerror', (error) => {
    if (onConsole()) problems.push(`${page.url()}: ${error.message}`);
  });
  return { context, page, problems };
}

/**
 * Signs in through the console's sign-in page and the local identity provider, as a person would:
 * the provider's « Un autre compte » form with an email and a SIRET; ends on the console.
 */
export async function signIn(page: Page, consoleUrl: string, who: { email: string; siret: string; givenName?: string; usualName?: string }): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByRole('link', { name: 'Se connecter avec ProConnect' }).click();
  await page.getByLabel('Adresse électronique professionnelle').fill(who.email);
  await page.getByLabel('Prénom').fill(who.givenName ?? 'Agent');
  await page.getByLabel('Nom d’usage').fill(who.usualName ?? 'Test');
  await page.getByLabel('SIRET de votre organisation').fill(who.siret);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/console/'));
}

/** axe-core on the page as it is: its serious and critical violations (there must be none). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Screenshots of the whole page at both sizes, named after what it shows. */
export async function screenshots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}-1280x800.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}-390x844.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}

/** Text with French typography's no-break spaces (« 14 000,00 € ») as plain spaces, for comparisons. */
export const plain = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/** A form's field by the start of its label (the label holds its help text too). */
export const field = (form: Locator, label: string) => form.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

/** A DSFR radio button is chosen by its label, which covers the input, as a person clicks it. */
export const choose = (form: Locator, label: string) => form.locator('label').getByText(label, { exact: true }).click();

/** The post page's status badge; textContent, not innerText: DSFR badges are written in capitals by their style only. */
export const statusBadge = async (page: Page) => (await page.locator('#statut-poste .fr-badge').textContent())?.trim();

export interface ConsolePerson {
  email: string;
  siret: string;
}

/**
 * People signed in to the console at `consoleUrl`, one browser context each, opened at first use
 * and kept for the test file; `problems()` gathers their pages' script and resource errors.
 */
export function consolePeople(browser: Browser, consoleUrl: string) {
  const origin = new URL(consoleUrl).origin;
  const signedIn = new Map<string, { page: Page; problems: string[] }>();
  return {
    async as(who: ConsolePerson): Promise<Page> {
      let person = signedIn.get(who.email);
      if (!person) {
        const { page, problems } = await newPerson(browser, origin);
        await signIn(page, consoleUrl, who);
        person = { page, problems };
        signedIn.set(who.email, person);
      }
      return person.page;
    },
    problems: () => [...signedIn.values()].flatMap((p) => p.problems),
  };
}

/** Opens the post, fills the action's generated form and sends it; returns the page that answered. */
export async function sendForm(page: Page, postUrl: string, type: string, fill: (form: Locator) => Promise<void> = async () => {}): Promise<Page> {
  await page.goto(postUrl);
  const form = page.locator(`form[data-action="${type}"]`);
  await fill(form);
  await form.getByRole('button').click();
  await page.waitForLoadState();
  return page;
}
