// Functions passed to page.evaluate run in the browser: the DOM's types are theirs.
/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Debian's chromium (apt-get install chromium); the tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const ROOT = join(__dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'docs', 'console');

/** Builds the console as `npm run build` does, into dist/console, where the API serves it from. */
export function buildConsole(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'apps', 'console', 'vite.config.mts')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the console's browser tests need Debian's chromium (apt-get install chromium; .ci/run installs it)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** The HTTP address of an app listening on a free port of 127.0.0.1. */
export async function listen(app: NestFastifyApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/** A client of the API as a BI tool is: the same routes and keys the console uses. */
export function apiClient(base: string) {
  return async function call<T = any>(key: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

/** A page of the console in a fresh browser context (its own sessionStorage), signed in with `key`. */
export async function signedIn(browser: Browser, base: string, key: string, locale = 'en-US'): Promise<Page> {
  const context = await browser.newContext({ locale, timezoneId: 'Asia/Jakarta', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/console/`);
  await page.fill('#api-key', key);
  await page.click('button[type=submit]');
  await page.waitForSelector('nav[aria-label=Pages]');
  return page;
}

/** Opens a page of the console by its hash route and waits until nothing is loading. */
export async function open(page: Page, hash: string): Promise<void> {
  await page.evaluate((target) => (location.hash = target), hash);
  await page.waitForFunction(() => document.querySelector("h1") !== null && document.querySelector(".loading") === null, undefined, { timeout: 10_000 }).catch(async (error) => {
    throw new Error(`${hash} still loading: ${await page.textContent("main")}`, { cause: error });
  });
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is (WCAG 2.1 AA and best practices). */
export async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  // Evaluated through the DevTools protocol, not as an inline script: the page's CSP stays as served.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(
      document,
      { resultTypes: ['violations'] },
    );
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target.join(' ')) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The machine-readable values of the elements `selector` finds, in document order. */
export async function values(page: Page, selector: string): Promise<Array<number | null>> {
  // No figure (null) is an empty value, which Preact leaves out of the attribute.
  return page.$$eval(selector, (elements) => elements.map((element) => (element.getAttribute('value') ?? '') === '' ? null : Number(element.getAttribute('value'))));
}

export async function value(page: Page, selector: string): Promise<number | null> {
  const [found] = await values(page, selector);
  if (found === undefined) throw new Error(`nothing matches ${selector}`);
  return found;
}
