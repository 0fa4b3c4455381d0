import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

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
  page.on('console', (message) => {
    if (message.type() === 'error' && onConsole()) problems.push(`${page.url()}: ${message.text()}`);
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
