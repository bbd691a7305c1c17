import type { Knex } from 'knex';
import { startTestApp, type TestApp } from '../support/test-app';
import { addStaff, Browser, confirmLink, requestLink, signIn } from './venue-portal-support';
import { BriefListReadModel } from '../../src/hub/read-models/brief-list-read-model';

/** /hub/briefs over hand-built rows with known times, on whichever engine TEST_DATABASE_URL names. */

const NOW = new Date('2027-02-15T10:00:00.000Z');
const HOUR = 3_600_000;

interface Row {
  ref: string;
  status: string;
  receivedHoursAgo: number;
  name?: string;
  organisation?: string;
  title?: string;
  notes?: string;
  destinations?: string[];
  sentAfterHours?: number;
  followUpOpen?: boolean;
}

async function insert(db: Knex, r: Row): Promise<void> {
  const received = new Date(NOW.getTime() - r.receivedHoursAgo * HOUR);
  await db('briefs').insert({
    ref: r.ref,
    public_token: `tok-${r.ref}`,
    status: r.status,
    payload: JSON.stringify({
      organiser: { name: r.name ?? 'Test Organiser', organisation: r.organisation, email: `${r.ref.toLowerCase()}@example.org`, phone: '+33 6 12 34 56 78', language: 'en' },
      event: { title: r.title ?? `Event ${r.ref}`, type: 'seminar', start_date: '2027-06-01', end_date: '2027-06-02', attendees: 40, layout: 'theatre' },
      destinations: r.destinations ?? [],
      venue_types: [],
      non_negotiable: [],
      ...(r.notes ? { notes: r.notes } : {}),
    }),
    language: 'en',
    start_date: '2027-06-01',
    attendees: 40,
    received_at: received.toISOString(),
    sla_due_at: new Date(received.getTime() + 48 * HOUR).toISOString(),
    quoted_at: r.sentAfterHours === undefined ? null : new Date(received.getTime() + r.sentAfterHours * HOUR).toISOString(),
    sent_at: r.sentAfterHours === undefined ? null : new Date(received.getTime() + r.sentAfterHours * HOUR).toISOString(),
    review_reasons: '[]',
    follow_up_open: r.followUpOpen ?? false,
  });
}

const refsIn = (html: string) => [...html.matchAll(/<tr data-ref="([^"]+)"/g)].map((m) => m[1]!);

describe('hub: all briefs', () => {
  let app: TestApp;
  let hub: Browser;
  const landings = new Map<string, string | null>();

  beforeAll(async () => {
    app = await startTestApp({ clock: { now: () => NOW } });
    await addStaff(app, 'hub@example.org', 'hub_staff');
    await app.services.db('suppliers').insert({ supplier_id: 'OWN', name: 'Own venue', kind: 'hotel', city: 'Gap', email: 'own@example.org', accessible: true, active: true });
    await addStaff(app, 'venue@example.org', 'venue_staff', ['OWN']);
    for (const email of ['hub@example.org', 'venue@example.org']) {
      const browser = new Browser(app.baseUrl);
      landings.set(email, (await confirmLink(browser, await requestLink(app, browser, email))).headers.get('location'));
    }
    hub = (await signIn(app, 'hub@example.org')).browser;
    // The rows below are the whole story: no worker may move them on.
    await app.stopWorkers();
    const db = app.services.db;
    // received 2027-02-15 (Paris) within SLA; 2027-02-12 breached; sent ones long ago.
    await insert(db, { ref: 'PCE-L-001', status: 'received', receivedHoursAgo: 2, name: 'Ada Lovelace', organisation: 'Analytical Engines', destinations: ['Marseille'] });
    await insert(db, { ref: 'PCE-L-002', status: 'needs_review', receivedHoursAgo: 70, name: 'Bea Martin', title: 'Sales kick-off', destinations: ['Nice', 'Cannes'] });
    await insert(db, { ref: 'PCE-L-003', status: 'sent', receivedHoursAgo: 200, name: 'Chloé Durand', notes: 'We need a quiet room for 50% of the group_a people', sentAfterHours: 1, followUpOpen: true, destinations: ['Marseille'] });
    await insert(db, { ref: 'PCE-L-004', status: 'sent', receivedHoursAgo: 300, name: 'Dan Brown', organisation: 'Quiet Books', sentAfterHours: 60 });
    await insert(db, { ref: 'PCE-L-005', status: 'cancelled', receivedHoursAgo: 400, name: 'Eve "the" Planner', title: 'Off-site' });
    for (let i = 6; i <= 60; i++) await insert(db, { ref: `PCE-L-${String(i).padStart(3, '0')}`, status: 'sent', receivedHoursAgo: 400 + i, sentAfterHours: 2 });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  const list = async (query: string) => {
    const res = await hub.get(`/hub/briefs?${query}`);
    expect(res.status).toBe(200);
    return res.text();
  };

  test('when a hub user signs in from the e-mailed link, then they land on /hub; venue staff land on /venue', () => {
    expect(landings.get('hub@example.org')).toBe('/hub');
    expect(landings.get('venue@example.org')).toBe('/venue');
  });

  test('when nothing is chosen, then every brief is listed newest first, 25 a page, with links to the next pages', async () => {
    const html = await list('');
    expect(refsIn(html).slice(0, 3)).toEqual(['PCE-L-001', 'PCE-L-002', 'PCE-L-003']);
    expect(refsIn(html)).toHaveLength(25);
    expect(html).toContain('Briefs 1–25 of 60');
    expect(html).toContain('href="/hub/briefs/PCE-L-001"');
    expect(html).toContain('href="/hub/briefs?page&#x3D;2"');
    const last = await list('page=3');
    expect(refsIn(last)).toHaveLength(10);
    expect(refsIn(last).at(-1)).toBe('PCE-L-060');
    expect(last).toContain('Briefs 51–60 of 60');
    expect(last).not.toContain('rel="next"');
    // A page past the end shows the last one.
    expect(refsIn(await list('page=99'))).toEqual(refsIn(last));
  });

  test('when sorted oldest first or by deadline, then the database orders them', async () => {
    expect(refsIn(await list('sort=received_asc'))[0]).toBe('PCE-L-060');
    expect(refsIn(await list('sort=due_asc&status=sent'))[0]).toBe('PCE-L-060');
  });

  test('when searching, then the ref, organiser, organisation, title and notes are searched, case-insensitively, and nothing else', async () => {
    expect(refsIn(await list('q=pce-l-002'))).toEqual(['PCE-L-002']);
    expect(refsIn(await list('q=lovelace'))).toEqual(['PCE-L-001']);
    expect(refsIn(await list('q=analytical'))).toEqual(['PCE-L-001']);
    expect(refsIn(await list('q=KICK-OFF'))).toEqual(['PCE-L-002']);
    expect(refsIn(await list('q=quiet'))).toEqual(['PCE-L-003', 'PCE-L-004']);
    // LIKE wildcards and JSON-escaped characters are taken literally.
    expect(refsIn(await list(`q=${encodeURIComponent('50%')}`))).toEqual(['PCE-L-003']);
    expect(refsIn(await list(`q=${encodeURIComponent('p_a')}`))).toEqual(['PCE-L-003']);
    expect(refsIn(await list(`q=${encodeURIComponent('"the"')}`))).toEqual(['PCE-L-005']);
    expect(refsIn(await list('q=%25'))).toEqual(['PCE-L-003']);
    // Contact details are in the payload but not searched.
    expect(refsIn(await list('q=example.org'))).toEqual([]);
    expect(await list('q=nobody-at-all')).toContain('No brief matches.');
  });

  test('when filtering by status, SLA state, follow-up, destination or received dates, then only those briefs are listed', async () => {
    expect(refsIn(await list('status=needs_review'))).toEqual(['PCE-L-002']);
    expect(refsIn(await list('sla=open'))).toEqual(['PCE-L-001']);
    expect(refsIn(await list('sla=breached'))).toEqual(['PCE-L-002']);
    expect(refsIn(await list('sla=late'))).toEqual(['PCE-L-004']);
    expect(refsIn(await list('sla=met'))).toHaveLength(25);
    expect(await list('sla=met')).toContain('of 56');
    expect(refsIn(await list('follow_up=open'))).toEqual(['PCE-L-003']);
    expect(refsIn(await list('destination=marseille'))).toEqual(['PCE-L-001', 'PCE-L-003']);
    expect(refsIn(await list('destination=Cannes'))).toEqual(['PCE-L-002']);
    expect(refsIn(await list('destination=Marseil'))).toEqual([]);
    // Paris days: 2027-02-12 runs from 2027-02-11T23:00Z; PCE-L-002 came 70 h before NOW (2027-02-12T08:00Z).
    expect(refsIn(await list('from=2027-02-12&to=2027-02-12'))).toEqual(['PCE-L-002']);
    expect(refsIn(await list('from=2027-02-12'))).toEqual(['PCE-L-001', 'PCE-L-002']);
    expect(refsIn(await list('q=quiet&sla=met&destination=Marseille&follow_up=open&status=sent'))).toEqual(['PCE-L-003']);
  });

  test('when a filter is kept across pages and a date is not a date, then the pager keeps it and the page says what was left out', async () => {
    const html = await list('status=sent&from=yesterday');
    expect(html).toContain('Received from');
    expect(html).toContain('must be a date');
    expect(html).toContain('href="/hub/briefs?status&#x3D;sent&amp;from&#x3D;yesterday&amp;page&#x3D;2"');
  });

  test('when the read model is asked directly, then the total counts every match, not only the page', async () => {
    const page = await new BriefListReadModel(app.services.db).list({ sort: 'received_desc', page: 2, pageSize: 10, status: 'sent' }, NOW);
    expect(page.total).toBe(57);
    expect(page.pages).toBe(6);
    expect(page.briefs.map((b) => b.ref)[0]).toBe('PCE-L-014');
  });

  test('when a brief\'s payload is rewritten (as the anonymisation does), then the search follows it', async () => {
    const db = app.services.db;
    const row = (await db('briefs').where({ ref: 'PCE-L-004' }).first('payload')) as { payload: string };
    const payload = JSON.parse(row.payload) as { organiser: Record<string, unknown> };
    payload.organiser = { ...payload.organiser, name: 'Erased Person', organisation: null };
    await db('briefs').where({ ref: 'PCE-L-004' }).update({ payload: JSON.stringify(payload) });
    expect(refsIn(await list('q=dan+brown'))).toEqual([]);
    expect(refsIn(await list('q=erased'))).toEqual(['PCE-L-004']);
  });

  test('when the hub dashboard and the staff navigation are shown, then they link to All briefs', async () => {
    const html = await (await hub.get('/hub')).text();
    expect(html.match(/href="\/hub\/briefs"/g)?.length).toBeGreaterThanOrEqual(2);
  });
});
