import { startTestApp, type TestApp } from '../support/test-app';
import { addStaff, signIn, type Browser } from './venue-portal-support';
import { seedScenario } from './hub-dashboard-fixtures';
import { KpiReadModel } from '../../src/hub/read-models/kpi-read-model';
import { parsePeriod } from '../../src/hub/dashboard-period';

/** The hub dashboard over hand-built briefs, quotes, e-mails and suppliers with known times. */

const NOW = new Date('2027-02-15T10:00:00.000Z');

/** The HTML of one section of the page, from its id to the next section of the same level. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no section #${id}`);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

function refsIn(html: string): string[] {
  return [...html.matchAll(/data-ref="([^"]+)"/g)].map((m) => m[1]!);
}

function kpi(html: string, label: string): string {
  const m = new RegExp(`<div class="kpi-label">${label}</div><div class="kpi-value">([^<]*)</div>`).exec(html);
  if (!m) throw new Error(`no KPI ${label}`);
  return m[1]!;
}

describe('hub dashboard', () => {
  let app: TestApp;
  let hub: Browser;
  let admin: Browser;
  let venue: Browser;
  let page: string;

  beforeAll(async () => {
    app = await startTestApp({ clock: { now: () => NOW } });
    await addStaff(app, 'hub-staff@example.org', 'hub_staff');
    await addStaff(app, 'hub-admin@example.org', 'hub_admin');
    await app.services.db('suppliers').insert({ supplier_id: 'OWN', name: 'Own venue', kind: 'hotel', city: 'Gap', email: 'own@example.org', accessible: true, active: false });
    await addStaff(app, 'venue@example.org', 'venue_staff', ['OWN']);
    hub = (await signIn(app, 'hub-staff@example.org')).browser;
    admin = (await signIn(app, 'hub-admin@example.org')).browser;
    venue = (await signIn(app, 'venue@example.org')).browser;
    // The rows below are the whole story: no worker may move them on.
    await app.stopWorkers();
    await seedScenario(app.services.db, NOW);
    const res = await hub.get('/hub');
    expect(res.status).toBe(200);
    page = await res.text();
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  test('when a hub user opens /hub, then open briefs are listed soonest deadline first with their countdown', () => {
    const open = section(page, 'open');
    expect(refsIn(open)).toEqual(['PCE-T-G', 'PCE-T-E', 'PCE-T-F']);
    expect(open).toMatch(/class="countdown tone-warn"[^>]*>8 h 00 min left</);
    expect(open).toMatch(/class="countdown tone-ok"[^>]*>38 h 00 min left</);
    expect(open).toContain('href="/hub/briefs/PCE-T-G"');
  });

  test('when briefs need review, then the review queue lists them with their reasons', () => {
    const review = section(page, 'review');
    expect(refsIn(review)).toEqual(['PCE-T-D', 'PCE-T-E']);
    expect(review).toContain('No feasible venue');
    expect(review).toContain('no venue has a big enough space');
    expect(review).toContain('Stale rates');
  });

  test('when a brief is past its deadline unsent, then it is listed as breached and counted', () => {
    const breached = section(page, 'breached');
    expect(refsIn(breached)).toEqual(['PCE-T-D']);
    expect(breached).toContain('overdue by 12 h 00 min');
    expect(page).toMatch(/<span class="tally-n">1<\/span> breached/);
    expect(page).toMatch(/<span class="tally-n">2<\/span> to review/);
    expect(page).toMatch(/<span class="tally-n">3<\/span> open within SLA/);
  });

  test('when the period is the default 30 days, then the KPIs match the hand-built rows', async () => {
    const k = await new KpiReadModel(app.services.db).load(parsePeriod({}, NOW), NOW);
    expect(k).toEqual({
      received: 8, decided: 4, withinSla: 2, sent: 3, autoSent: 1, interested: 1, quoted: 4,
      medianSecondsToQuote: 7200, p90SecondsToQuote: 14400, quotes: 4, options: 10,
    });
    expect(kpi(page, 'Briefs received')).toBe('8');
    expect(kpi(page, 'Sent within SLA')).toBe('50 %');
    expect(kpi(page, 'Median time to draft')).toBe('2 h 00 min');
    expect(kpi(page, 'p90 time to draft')).toBe('4 h 00 min');
    expect(kpi(page, 'Auto-sent')).toBe('33.3 %');
    expect(kpi(page, 'Options per quote')).toBe('2.5');
    expect(kpi(page, 'Organiser interest')).toBe('33.3 %');
  });

  test('when a period is chosen, then only briefs received in it count', async () => {
    const res = await hub.get('/hub?from=2027-01-01&to=2027-01-10');
    const html = await res.text();
    expect(kpi(html, 'Briefs received')).toBe('1');
    expect(html).toContain('value="2027-01-01"');
    const bad = await (await hub.get('/hub?from=2027-02-10&to=2027-01-01')).text();
    expect(bad).toContain('The start date is after the end date');
    expect(kpi(bad, 'Briefs received')).toBe('8');
  });

  test('when the page is rendered, then chart data is embedded as an escaped attribute for the chart script', () => {
    const m = /data-charts="([^"]*)"/.exec(page);
    expect(m).not.toBeNull();
    const decoded = m![1]!.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`');
    const charts = JSON.parse(decoded) as { timeToQuote: { counts: number[] }; weekly: { received: number[] }; destinations: { labels: string[]; received: number[]; slaShare: (number | null)[] } };
    expect(charts.timeToQuote.counts.slice(0, 3)).toEqual([1, 1, 2]);
    expect(charts.weekly.received.reduce((a, b) => a + b, 0)).toBe(8);
    const nice = charts.destinations.labels.indexOf('Nice');
    expect(charts.destinations.received[nice]).toBe(3);
    expect(charts.destinations.slaShare[nice]).toBe(100);
    const marseille = charts.destinations.labels.indexOf('Marseille');
    expect(charts.destinations.received[marseille]).toBe(3);
    expect(charts.destinations.slaShare[marseille]).toBe(50);
    expect(page).toContain('<script src="/static/vendor/chart.umd.min.js" defer></script>');
  });

  test('when suppliers have rates of different ages, then freshness per city and the stalest are shown', () => {
    const f = section(page, 'freshness');
    expect(f).toMatch(/<td>Marseille<\/td><td class="num">1 \/ 2<\/td>/);
    expect(f).toMatch(/<td>Nice<\/td><td class="num">0 \/ 1<\/td>/);
    expect(f).not.toContain('NCE-OFF');
    const stalest = f.slice(f.indexOf('class="stalest"'));
    expect(stalest.indexOf('NCE-NEVER')).toBeLessThan(stalest.indexOf('MRS-STALE'));
    expect(stalest).toContain('confirmed never');
  });

  test('when an e-mail failed, then it is listed with its brief and error', () => {
    const f = section(page, 'failed-emails');
    expect(f).toContain('venue-failed@example.org');
    expect(f).toContain('href="/hub/briefs/PCE-T-C"');
    expect(f).toContain('550 mailbox unavailable');
    expect(f).not.toContain('someone@example.org');
  });

  test('when the page refreshes itself, then ?live=1 answers the board without KPIs', async () => {
    const html = await (await hub.get('/hub?live=1')).text();
    expect(refsIn(section(html, 'open'))).toEqual(['PCE-T-G', 'PCE-T-E', 'PCE-T-F']);
    expect(html).not.toContain('id="kpis"');
  });

  test('when venue staff open /hub, then they get 403; when nobody is signed in, then they are sent to sign in', async () => {
    expect((await venue.get('/hub')).status).toBe(403);
    const anonymous = await fetch(`${app.baseUrl}/hub`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/auth/sign-in?next=%2Fhub');
  });

  test('when the dashboard is served, then its CSP stays strict and the chart library comes from the app', async () => {
    const res = await hub.get('/hub');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const chart = await fetch(`${app.baseUrl}/static/vendor/chart.umd.min.js`);
    expect(chart.status).toBe(200);
    expect(await chart.text()).toContain('Chart');
  });

  test('when hub staff open the queue view, then only hub_admin gets it', async () => {
    expect((await hub.get('/hub/queues/')).status).toBe(403);
    expect((await venue.get('/hub/queues/')).status).toBe(403);
    const anonymous = await fetch(`${app.baseUrl}/hub/queues/`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    const res = await admin.get('/hub/queues/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(await res.text()).toContain('PCE queues');
    const api = await admin.get('/hub/queues/api/queues', { accept: 'application/json' });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['maintenance', 'match-and-quote', 'send-email']);
    expect((await hub.get('/hub/queues/api/queues', { accept: 'application/json' })).status).toBe(403);
  });

  test('when a queue action comes from another site, then it is refused', async () => {
    const res = await admin.fetch('/hub/queues/api/queues/send-email/clean/failed', { method: 'PUT', headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
  });
});
