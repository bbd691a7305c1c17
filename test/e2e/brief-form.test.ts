import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue } from '../support/seed';
import { artifactPath, launchBrowser } from '../support/browser';
import { daysFromToday } from '../support/clock';

/** A new organiser sends a brief through the web form in a real browser (Debian's Chromium). */


const VIEWPORTS: { name: string; options: BrowserContextOptions }[] = [
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } },
  { name: 'desktop', options: { viewport: { width: 1280, height: 900 } } },
];

/** The little of the DOM the page-side callbacks use (the project compiles without lib "dom"). */
interface PageElement {
  id: string;
  tagName: string;
  className: unknown;
  textContent: string | null;
  offsetParent?: unknown;
  getBoundingClientRect(): { right: number };
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
}
interface PageGlobals {
  innerWidth: number;
  document: { documentElement: { scrollWidth: number }; querySelectorAll(selector: string): Iterable<PageElement> };
}

/** Horizontal overflow, measured against the viewport the test asked for (a mobile page may zoom out to fit). */
async function overflow(page: Page, width: number) {
  return page.evaluate((w) => {
    const { document, innerWidth } = globalThis as unknown as PageGlobals;
    const doc = document.documentElement;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > w + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).replace(/\s+/g, '.')}` : ''}`);
    return { scrollWidth: doc.scrollWidth, innerWidth, wide: wide.slice(0, 10) };
  }, width);
}

async function expectNoHorizontalOverflow(page: Page, width: number) {
  const o = await overflow(page, width);
  expect(o.wide).toEqual([]);
  expect(o.innerWidth).toBe(width);
  expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth);
}

/** A control by its visible label, exactly; a required field's label ends in " *". */
function field(page: Page, label: string) {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
}

/** The error element beside a field: inside the same .field block as the control, and announced by it. */
async function errorBeside(page: Page, label: string) {
  const control = field(page, label);
  return control.evaluate((node) => {
    const el = node as unknown as PageElement;
    const field = el.closest('.field');
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const error = field?.querySelector('.error');
    return {
      text: error?.textContent?.trim() ?? null,
      describedByError: !!error && ids.includes(error.id),
      invalid: el.getAttribute('aria-invalid'),
      visible: !!error && error.offsetParent !== null,
    };
  });
}

describe('brief form in a browser', () => {
  let browser: Browser;
  let app: TestApp;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    app = await startTestApp();
    await seedSmallCatalogue(app.services);
  });
  afterEach(async () => {
    await app.stop();
  });

  for (const { name, options } of VIEWPORTS) {
    const width = options.viewport!.width;

    it(`when a new organiser fills the form on a ${name} and first gets attendees wrong, then the error shows beside the field with the values kept, and once fixed the confirmation shows the ref and both e-mails arrive`, async () => {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      // Script errors, CSP violations and broken assets; the form's own 422 and the browser's favicon probe are expected.
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('response', (r) => {
        const expected = (r.status() === 422 && r.request().method() === 'POST') || new URL(r.url()).pathname === '/favicon.ico';
        if (r.status() >= 400 && !expected) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
      });
      try {
        const opened = await page.goto(`${app.baseUrl}/briefs/new`);
        expect(opened!.status()).toBe(200);
        await expect(page.title()).resolves.toBe('Send a brief · PCE Front Office');
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Tell us about your event');
        await expectNoHorizontalOverflow(page, width);
        await page.screenshot({ path: artifactPath(`brief-form-${name}.png`), fullPage: true });

        const start = daysFromToday(90);
        const end = daysFromToday(92);
        await field(page, 'Your name').fill('Ada Martin');
        await field(page, 'Organisation').fill('SFC');
        await field(page, 'E-mail').fill('ada@example.org');
        await field(page, 'Phone').fill('+33 6 12 34 56 78');
        await field(page, 'Title').fill('Annual congress');
        await field(page, 'Type').selectOption('congress');
        await field(page, 'First day').fill(start);
        await field(page, 'Last day').fill(end);
        await field(page, 'Attendees').fill('0');
        await field(page, 'Plenary room layout').selectOption('theatre');
        const destinations = page.getByRole('group', { name: 'Destinations' });
        await destinations.getByLabel('Marseille', { exact: true }).check();
        await destinations.getByLabel('Nice', { exact: true }).check();
        await page.getByLabel('Lunch every day').check();
        await field(page, 'Coffee breaks per day').fill('2');
        await field(page, 'Dinners (for all attendees)').fill('1');
        await page.getByRole('group', { name: 'Non-negotiable' }).getByLabel('Destination', { exact: true }).check();
        await field(page, 'Anything else').fill('Gala dinner on the second evening.');

        const [rejected] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/briefs') && r.request().method() === 'POST'), page.getByRole('button', { name: 'Send my brief' }).click()]);
        expect(rejected.status()).toBe(422);
        await page.waitForLoadState('load');

        await expect(errorBeside(page, 'Attendees')).resolves.toEqual({ text: 'Enter a number of attendees from 1 to 5,000', describedByError: true, invalid: 'true', visible: true });
        await expect(page.getByRole('alert').textContent()).resolves.toContain('Enter a number of attendees from 1 to 5,000');
        // Everything typed is still there.
        await expect(field(page, 'Your name').inputValue()).resolves.toBe('Ada Martin');
        await expect(field(page, 'E-mail').inputValue()).resolves.toBe('ada@example.org');
        await expect(field(page, 'First day').inputValue()).resolves.toBe(start);
        await expect(field(page, 'Last day').inputValue()).resolves.toBe(end);
        await expect(field(page, 'Attendees').inputValue()).resolves.toBe('0');
        await expect(field(page, 'Type').inputValue()).resolves.toBe('congress');
        await expect(destinations.getByLabel('Marseille', { exact: true }).isChecked()).resolves.toBe(true);
        await expect(destinations.getByLabel('Nice', { exact: true }).isChecked()).resolves.toBe(true);
        await expect(destinations.getByLabel('Cannes', { exact: true }).isChecked()).resolves.toBe(false);
        await expect(page.getByLabel('Lunch every day').isChecked()).resolves.toBe(true);
        await expect(field(page, 'Anything else').inputValue()).resolves.toBe('Gala dinner on the second evening.');
        await expectNoHorizontalOverflow(page, width);
        await page.screenshot({ path: artifactPath(`brief-form-error-${name}.png`), fullPage: true });

        await field(page, 'Attendees').fill('280');
        await Promise.all([page.waitForURL(/\/briefs\/received\/[A-Za-z0-9_-]+\?lang=en$/), page.getByRole('button', { name: 'Send my brief' }).click()]);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Thank you, we have your brief');
        const ref = (await page.locator('.ref').textContent())!.trim();
        expect(ref).toMatch(/^PCE-\d{4}-\d{6}$/);
        await expectNoHorizontalOverflow(page, width);
        await page.screenshot({ path: artifactPath(`brief-received-${name}.png`), fullPage: true });

        const mails = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'brief_received' && x.ref === ref) && m.some((x) => x.kind === 'draft_quote' && x.ref === ref), 20_000);
        const ack = mails.find((m) => m.kind === 'brief_received')!;
        expect(ack.to).toBe('ada@example.org');
        expect(ack.text).toContain(ref);
        const quote = mails.find((m) => m.kind === 'draft_quote')!;
        expect(quote.to).toBe('ada@example.org');
        expect(quote.text).toContain('Palais du Pharo (test)');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
