import type { Browser, BrowserContext, Page } from 'playwright-core';
import { postBrief, startTestApp, type TestApp } from '../support/test-app';
import { artifactPath, launchBrowser } from '../support/browser';
import { validBrief } from '../support/seed';
import { daysFromToday } from '../support/clock';
import { addStaff, signIn } from '../integration/venue-portal-support';
import { seedScenario } from '../integration/hub-dashboard-fixtures';

/**
 * Hub staff watch the SLA board in Debian's Chromium: sign in by the e-mailed link, see a new
 * brief arrive on the live board with its countdown, on a desktop and on a phone.
 */

interface PageGlobals {
  innerWidth: number;
  document: { documentElement: { scrollWidth: number } };
}

const CHART_IDS = ['chart-ttq', 'chart-weekly', 'chart-destinations'];

/** In the page: every canvas holds a Chart.js chart with datasets and at least one painted pixel. */
function CHARTS_PAINTED(ids: string[]): boolean {
  type Canvas = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null };
  const g = globalThis as unknown as { document: { getElementById(id: string): Canvas | null }; Chart?: { getChart(c: Canvas): { data: { datasets: unknown[] } } | undefined } };
  return ids.every((id) => {
    const canvas = g.document.getElementById(id);
    const chart = canvas && g.Chart?.getChart(canvas);
    if (!canvas || !chart || chart.data.datasets.length === 0 || canvas.width === 0 || canvas.height === 0) return false;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
    return false;
  });
}


/** CSP violations and script errors of a page, as the browser reports them. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    // Failed requests are reported below with their URL.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

async function signInThroughBrowser(app: TestApp, page: Page, email: string, path: string): Promise<void> {
  await page.goto(app.baseUrl + path);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
  await page.getByText(/link/i).first().waitFor();
  const mails = await app.smtp.waitFor((all) => all.some((m) => m.kind === 'login_link' && m.to === email));
  const mail = mails.find((m) => m.kind === 'login_link' && m.to === email)!;
  const link = /(https?:\/\/\S+\/auth\/link\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  await page.goto(app.baseUrl + new URL(link).pathname);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/hub');
}

describe('hub dashboard in a browser', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await startTestApp();
    await addStaff(app, 'hub-staff@example.org', 'hub_staff', [], 'Hub Person');
    await addStaff(app, 'hub-admin@example.org', 'hub_admin', [], 'Hub Admin');
    // A month of history so that KPIs, charts, freshness and failed e-mails have something to show.
    await seedScenario(app.services.db, app.services.clock.now());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('when a brief arrives while hub staff watch the board, then it appears with its countdown (desktop and phone)', async () => {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await signInThroughBrowser(app, page, 'hub-staff@example.org', '/hub?refresh=2');
    await page.locator('#kpis').waitFor();
    await page.locator('#chart-ttq').waitFor();

    const created = await postBrief(app, validBrief({ event: { title: 'Live board congress', type: 'congress', start_date: daysFromToday(60), end_date: daysFromToday(61), attendees: 120, layout: 'theatre' } }));
    expect(created.status).toBe(201);
    const { ref } = (await created.json()) as { ref: string };

    const row = page.locator(`#open tr[data-ref="${ref}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expect(row.locator('.countdown').textContent()).resolves.toMatch(/^4[78] h \d\d min left$/);
    await expect(row.locator('.countdown').getAttribute('class')).resolves.toContain('tone-ok');
    await expect(row.locator('a').first().getAttribute('href')).resolves.toBe(`/hub/briefs/${ref}`);
    // Without a catalogue the worker holds it for review: it joins the review queue too.
    await page.locator(`#review tr[data-ref="${ref}"]`).waitFor({ timeout: 15_000 });

    // Chart.js drew into every canvas: each has a chart with datasets and painted pixels (a canvas
    // is 300 px wide before any script runs, so its width alone proves nothing).
    await page.waitForFunction(CHARTS_PAINTED, CHART_IDS, { timeout: 15_000 }).catch(() => undefined);
    await expect(page.evaluate(CHARTS_PAINTED, CHART_IDS)).resolves.toBe(true);
    await page.screenshot({ path: artifactPath('hub-dashboard.png'), fullPage: true });
    expect(problems).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator(`#open tr[data-ref="${ref}"]`).waitFor();
    const widths = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return { scroll: g.document.documentElement.scrollWidth, inner: g.innerWidth };
    });
    expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
    await page.screenshot({ path: artifactPath('hub-dashboard-phone.png'), fullPage: true });
    await page.screenshot({ path: artifactPath('hub-dashboard-phone-top.png') });
    await page.locator('#kpis').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('hub-dashboard-phone-kpis.png') });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  test('when a hub admin opens the queue view, then bull-board renders the three queues under its CSP', async () => {
    const { browser: http } = await signIn(app, 'hub-admin@example.org');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const url = new URL(app.baseUrl);
    await context.addCookies([...http.cookies].map(([name, value]) => ({ name, value, domain: url.hostname, path: '/' })));
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${app.baseUrl}/hub/queues/`);
    await page.getByText('match-and-quote').first().waitFor({ timeout: 15_000 });
    await page.getByText('send-email').first().waitFor();
    await page.screenshot({ path: artifactPath('hub-queues.png') });
    // Only the external font stylesheet is blocked, on purpose.
    expect(problems.filter((p) => !/fonts\.googleapis/.test(p))).toEqual([]);
    await context.close();
  }, 60_000);
});
