import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../support/test-app';
import { addStaff, signIn, type Browser } from './venue-portal-support';
import { seedObservatory, TARGET } from './observatory-fixtures';

/**
 * The market observatory (SPEC §10) over hand-built briefs whose figures are worked out below
 * by hand. Quartiles by nearest rank: position ceil(p·n) of the sorted values, 1-based.
 */

const NOW = new Date('2027-04-15T10:00:00.000Z');

type Row = Record<string, string>;

function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no section #${id}`);
  return html.slice(start, html.indexOf('</section>', start));
}

function monthRow(html: string, month: string): string {
  const start = html.indexOf(`data-month="${month}"`);
  if (start < 0) throw new Error(`no row for ${month}`);
  return html.slice(start, html.indexOf('</tr>', start));
}

describe('market observatory', () => {
  let app: TestApp;
  let hub: Browser;
  let venue: Browser;

  const csv = async (browser: Browser, query: string): Promise<Row[]> => {
    const res = await browser.get(`/observatory.csv?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    return parse(await res.text(), { columns: true }) as Row[];
  };
  const row = (rows: Row[], month: string, destination: string) => {
    const found = rows.find((r) => r.month === month && r.destination === destination);
    if (!found) throw new Error(`no CSV row ${month} ${destination}`);
    return found;
  };

  beforeAll(async () => {
    app = await startTestApp({ clock: { now: () => NOW } });
    for (const [id, name] of [['OWNV', 'Own Venue'], ['OTHER', 'Other Venue']]) {
      await app.services.db('suppliers').insert({ supplier_id: id, name, kind: 'hotel', city: 'Marseille', email: `${id.toLowerCase()}@example.org`, accessible: true, active: true });
    }
    await addStaff(app, 'hub-staff@example.org', 'hub_staff');
    await addStaff(app, 'venue@example.org', 'venue_staff', ['OWNV']);
    hub = (await signIn(app, 'hub-staff@example.org')).browser;
    venue = (await signIn(app, 'venue@example.org')).browser;
    // The rows below are the whole story: no worker may move them on.
    await app.stopWorkers();
    await app.services.db('observatory_months').delete();
    await seedObservatory(app.services.db);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  test('when nobody is signed in, then /observatory and its CSV ask for sign-in', async () => {
    const page = await fetch(`${app.baseUrl}/observatory`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/auth/sign-in?next=%2Fobservatory');
    const file = await fetch(`${app.baseUrl}/observatory.csv`, { redirect: 'manual' });
    expect(file.status).toBe(303);
  });

  test('when hub staff read March for the region, then counts, medians and quartiles are the hand-computed ones', async () => {
    const rows = await csv(hub, 'from=2027-01&to=2027-04');
    const region = row(rows, '2027-03', 'region');
    // Marseille 7 + Aix 5 + Nice 1; the cancelled brief is left out.
    expect(region).toMatchObject({ withheld: '', briefs: '13', attendees: '1977', quotes_sent: '11', interest_recorded: '3', interest_pct_of_sent: '27', booked: '1', booked_pct_of_sent: '9', unmet: '2' });
    // Lead days sorted: 10 17 20 20 20 20 20 30 45 60 90 120 200 → positions 4, 7, 10.
    expect([region.lead_days_q1, region.lead_days_median, region.lead_days_q3]).toEqual(['20', '20', '60']);
    // € per attendee sorted: 50 60 80 90 100 100 100 100 100 120 200 333 → positions 3, 6, 9.
    expect(region.briefs_with_budget).toBe('12');
    expect([region.budget_per_attendee_eur_q1, region.budget_per_attendee_eur_median, region.budget_per_attendee_eur_q3]).toEqual(['80.00', '100.00', '100.00']);
    expect(region.event_types).toBe('seminar 9; congress 2; gala 1; incentive 1');
    expect(region.unmet_by_criterion).toBe('capacity 1; budget 1');

    const marseille = row(rows, '2027-03', 'Marseille');
    expect(marseille).toMatchObject({ briefs: '7', attendees: '1000', quotes_sent: '5', interest_recorded: '2', booked: '1', unmet: '2', briefs_with_budget: '6' });
    // Lead days 10 30 45 60 90 120 200 → positions 2, 4, 6; € 50 60 80 90 120 200 → positions 2, 3, 5.
    expect([marseille.lead_days_q1, marseille.lead_days_median, marseille.lead_days_q3]).toEqual(['30', '60', '120']);
    expect([marseille.budget_per_attendee_eur_q1, marseille.budget_per_attendee_eur_median, marseille.budget_per_attendee_eur_q3]).toEqual(['60.00', '80.00', '120.00']);
  });

  test('when a cell rests on fewer than 5 briefs, then it is withheld, and a second cell too when the totals would give it away', async () => {
    const rows = await csv(hub, 'from=2027-01&to=2027-04');
    expect(row(rows, '2027-03', 'Nice')).toMatchObject({ withheld: 'fewer than 5 briefs', briefs: '', attendees: '', lead_days_median: '' });
    // Aix (5 briefs) would be published, but region − Marseille − Aix would then be Nice alone.
    expect(row(rows, '2027-03', 'Aix-en-Provence')).toMatchObject({ withheld: 'complementary', briefs: '', attendees: '' });
    expect(row(rows, '2027-01', 'region')).toMatchObject({ withheld: 'fewer than 5 briefs', briefs: '' });
    expect(row(rows, '2027-01', 'Marseille')).toMatchObject({ withheld: 'fewer than 5 briefs', briefs: '' });

    const page = await (await hub.get('/observatory?from=2027-01&to=2027-04')).text();
    const january = monthRow(page, '2027-01');
    expect(january).toContain('<span aria-hidden="true">—</span><span class="sr-only">withheld: fewer than 5 briefs</span>');
    expect(page).toContain('means withheld: a figure is shown only when it rests on at least 5 briefs');
  });

  test('when unmet demand is read, then it is counted by the criterion that eliminated most venues, with capacity and dates asked', async () => {
    const page = await (await hub.get('/observatory?from=2027-02&to=2027-02&destination=Toulon')).text();
    const unmet = section(page, 'unmet');
    // Capacity: 5 briefs (a tie would go to capacity too); attendees 400 600 800 1000 1200 → 600, 800, 1000.
    expect(unmet).toMatch(/<td>Capacity<\/td><td class="num">5<\/td>\s*<td>800 people \(600 – 1000\)<\/td>\s*<td>2027-06-20 \(2027-06-10 – 2027-07-01\)<\/td>/);
    // Dates: one brief, so its capacity and dates are withheld.
    expect(unmet).toMatch(/<td>Dates<\/td><td class="num">1<\/td>\s*<td class="withheld"/);
    expect(unmet).not.toContain('90 people');
    const rows = await csv(hub, 'from=2027-02&to=2027-02&destination=toulon');
    expect(rows.map((r) => r.destination)).toEqual(['Toulon']);
    expect(rows[0]).toMatchObject({ briefs: '6', unmet: '6', unmet_by_criterion: 'capacity 5; dates 1' });
  });

  test('when an attacker narrows and subtracts filters, then the single brief in Nice cannot be recovered', async () => {
    const months = ['2027-01', '2027-02', '2027-03', '2027-04'];
    const destinations = ['', 'Nice', 'nice', 'NICE', 'marseille', 'Aix en Provence', 'toulon', 'anywhere', 'Nowhere'];
    const seen = new Map<string, string>();
    const published: Row[] = [];
    for (const from of months) {
      for (const to of months.filter((m) => m >= from)) {
        for (const destination of destinations) {
          const rows = await csv(hub, new URLSearchParams({ from, to, destination }).toString());
          for (const r of rows) {
            // The same cell has the same figures whatever the filter: nothing to subtract.
            const key = `${r.month}|${r.destination}`;
            const text = JSON.stringify(r);
            expect(seen.get(key) ?? text).toBe(text);
            seen.set(key, text);
            if (r.destination === 'Nice') expect(r.withheld).not.toBe('');
            if (r.withheld === '') published.push(r);
          }
          const page = await (await hub.get(`/observatory?${new URLSearchParams({ from, to, destination })}`)).text();
          expect(page).not.toContain(String(TARGET.attendees));
          expect(page).not.toContain(`${TARGET.perAttendeeEur}`);
        }
      }
    }
    // Region minus every published destination of March leaves Nice together with Aix, never Nice alone.
    const march = [...new Map(published.filter((r) => r.month === '2027-03').map((r) => [r.destination, r])).values()];
    const region = march.find((r) => r.destination === 'region')!;
    const places = march.filter((r) => r.destination !== 'region');
    const left = (column: string) => Number(region[column]) - places.reduce((sum, r) => sum + Number(r[column]), 0);
    expect(left('briefs')).toBe(6);
    expect(left('attendees')).not.toBe(TARGET.attendees);
    expect(left('attendees')).toBe(TARGET.attendees + 5 * 40);
  }, 120_000);

  test('when venue staff open the observatory, then they see the region beside their own leads, never another supplier’s', async () => {
    const res = await venue.get('/observatory?from=2027-03&to=2027-03');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    expect(page).toContain('your figures: Own Venue');
    expect(page).not.toContain('Other Venue');
    const march = monthRow(page, '2027-03');
    // OWNV: options of 3 March briefs; the organisers of two of them marked an option holding its line.
    expect(march).toMatch(/<td class="num own">3<\/td><td class="num own">2 <span class="muted">\(67 %\)<\/span><\/td>/);
    const rows = await csv(venue, 'from=2027-03&to=2027-03');
    expect(row(rows, '2027-03', 'region')).toMatchObject({ briefs: '13', own_leads: '3', own_interest: '2' });
    expect(row(rows, '2027-03', 'Marseille')).toMatchObject({ own_leads: '', own_interest: '' });
    // OTHER has 5 leads; that figure is nowhere in the venue's view of its own column.
    expect(rows.some((r) => r.own_leads === '5')).toBe(false);

    const hubPage = await (await hub.get('/observatory?from=2027-03&to=2027-03')).text();
    expect(hubPage).not.toContain('Your leads');
  });

  test('when figures are shown, then the charts get their data as an attribute and the page links the CSV of the same selection', async () => {
    const page = await (await hub.get('/observatory?from=2027-02&to=2027-03&destination=marseille')).text();
    const m = /data-charts="([^"]+)"/.exec(page);
    const charts = JSON.parse(m![1]!.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&')) as { labels: string[]; briefs: (number | null)[]; budget: { median: (number | null)[] } };
    expect(charts.labels).toEqual(['Feb 2027', 'Mar 2027']);
    expect(charts.briefs).toEqual([null, 7]);
    expect(charts.budget.median).toEqual([null, 80]);
    const decoded = page.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    expect(decoded).toContain('href="/observatory.csv?from=2027-02&to=2027-03&destination=marseille"');
    expect(page).not.toMatch(/<script(?![^>]*src=)/);
  });
});

describe('observatory digest language', () => {
  let app: TestApp;
  afterAll(async () => {
    await app?.stop();
  });

  test('when venue staff choose English for the digest, then their suppliers get it in English and hub staff cannot choose', async () => {
    app = await startTestApp({ clock: { now: () => NOW } });
    await app.services.db('suppliers').insert({ supplier_id: 'OWNV', name: 'Own Venue', kind: 'hotel', city: 'Marseille', email: 'ownv@example.org', accessible: true, active: true });
    await addStaff(app, 'venue@example.org', 'venue_staff', ['OWNV']);
    await addStaff(app, 'hub-staff@example.org', 'hub_staff');
    const venue = (await signIn(app, 'venue@example.org')).browser;
    const hub = (await signIn(app, 'hub-staff@example.org')).browser;
    const page = await (await venue.get('/observatory')).text();
    expect(page).toMatch(/value="fr" checked/);
    const csrf = /action="\/observatory\/digest-language"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    expect((await venue.post('/observatory/digest-language', { _csrf: 'wrong', language: 'en' })).status).toBe(403);
    const saved = await venue.post('/observatory/digest-language', { _csrf: csrf, language: 'en' });
    expect(saved.status).toBe(303);
    expect((await app.services.db('suppliers').where({ supplier_id: 'OWNV' }).first()).digest_language).toBe('en');
    expect(await (await venue.get('/observatory?saved=digest')).text()).toMatch(/value="en" checked/);
    const hubPage = await (await hub.get('/observatory')).text();
    expect(hubPage).not.toContain('digest-language');
    const hubCsrf = /name="_csrf" value="([^"]+)"/.exec(hubPage)![1]!;
    expect((await hub.post('/observatory/digest-language', { _csrf: hubCsrf, language: 'en' })).status).toBe(403);
  }, 60_000);
});
