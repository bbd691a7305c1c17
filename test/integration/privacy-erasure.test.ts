import { startTestApp, type TestApp } from '../support/test-app';
import { seed, regionCatalogue, submit } from './quote-fixtures';
import { movableClock, personalBrief, scanFor } from './privacy-fixtures';
import { addStaff, csrfOf, signIn, type Browser } from './venue-portal-support';
import { privacyCli } from '../../src/cli/privacy';
import { auditSubject, type PersonalDataReport } from '../../src/privacy/privacy-service';
import { TABLES } from '../../src/platform/tables';

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

const CLAIRE = 'claire.dupont@example.org';

/**
 * SPEC §12 access and erasure over real data: briefs taken in and quoted by the workers, real
 * e-mails, a staff account that signed in, and the address mentioned in other people's rows.
 * "No trace" is checked by scanning every column of every table the database lists.
 */
describe('access and erasure of an e-mail address', () => {
  const clock = movableClock('2027-01-15T09:00:00.000Z');
  let app: TestApp;
  let env: NodeJS.ProcessEnv;
  let admin: Browser;
  let claire: Browser;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp({ clock });
    env = { DATABASE_URL: app.database.url };
    await seed(app.services, regionCatalogue());
    await addStaff(app, 'admin@example.org', 'hub_admin');
    await addStaff(app, CLAIRE, 'hub_staff', [], 'Claire Dupont');
    admin = (await signIn(app, 'admin@example.org')).browser;
    claire = (await signIn(app, CLAIRE)).browser; // a session and a login_link e-mail under her address
    refs.sent = await submit(app, personalBrief('Claire.Dupont@Example.org', '2027-03-10', '2027-03-12', { name: 'Claire Dupont' }));
    refs.other = await submit(app, personalBrief('bob@example.org', '2027-04-10', '2027-04-11', { name: 'Bob', notes: `My colleague ${CLAIRE} handles the invoices.` }));
    await app.waitForStatus(refs.sent, ['sent']);
    await app.waitForStatus(refs.other, ['sent']);
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'draft_quote' && x.ref === refs.other));
    await app.stopWorkers();
    refs.open = await submit(app, personalBrief(CLAIRE, '2027-05-10', '2027-05-11', { name: 'Claire Dupont' }));

    const db = app.services.db;
    const other = await db(TABLES.briefs).where({ ref: refs.other }).first();
    const [q] = await db(TABLES.quotes).insert({ brief_id: other.id, version: 2, created_at: clock.now().toISOString(), created_by: CLAIRE, note: `Reply to ${CLAIRE} too`, eliminated: '[]' }).returning('id');
    void q;
    await db(TABLES.auditLog).insert([
      { at: clock.now().toISOString(), actor: CLAIRE, entity: 'rate', entity_key: 'PALAIS|day_delegate||2026-01-01', action: 'update', old_value: '{"price_eur":"60.00"}', new_value: '{"price_eur":"65.00"}' },
      { at: clock.now().toISOString(), actor: 'admin@example.org', entity: 'supplier', entity_key: 'PALAIS', action: 'update', old_value: `{"email":"${CLAIRE}"}`, new_value: '{"email":"events@palais.example"}' },
    ]);
    await db(TABLES.supplierProposals).insert({
      supplier_id: 'PALAIS', changes: '{"associated_with":"TRAITEUR"}', proposed_by: CLAIRE, status: 'approved', created_at: clock.now().toISOString(), decided_by: 'admin@example.org', decided_at: clock.now().toISOString(),
    });
    await db(TABLES.mailLog).insert({
      dedupe_key: 'lead|9999|venue@example.org|1|X', kind: 'lead', recipient: 'venue@example.org', brief_id: other.id, subject: 'Lead', html: '<p>x</p>', text: 'x',
      status: 'failed', attempts: 10, last_error: `550 5.1.1 forwarding to <${CLAIRE}> refused`, created_at: clock.now().toISOString(), updated_at: clock.now().toISOString(),
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('when the address is exported, then every row of every table that holds it is listed, and the audit log records it without the address', async () => {
    const held = await scanFor(app.services.db, CLAIRE);
    expect([...held.keys()].sort()).toEqual(['audit_log', 'brief_search', 'briefs', 'mail_log', 'quotes', 'staff_users', 'supplier_proposals']);
    const io = capture();
    expect(await privacyCli(['export', 'CLAIRE.Dupont@example.org'], env, io)).toBe(0);
    const report = JSON.parse(io.stdout) as PersonalDataReport;
    const listed = report.places.map((p) => `${p.table}#${p.key}:${[...p.columns].sort().join(',')}`).sort();
    const found = [...held].flatMap(([table, rows]) => rows.map((r) => `${table}#${r.key}:${[...r.columns].sort().join(',')}`)).sort();
    expect(listed).toEqual(found);

    expect(report.briefs.map((b) => [b.ref, b.role]).sort()).toEqual([[refs.open, 'organiser'], [refs.other, 'mentioned'], [refs.sent, 'organiser']].sort());
    expect(report.staff_account).toMatchObject({ email: CLAIRE, name: 'Claire Dupont', role: 'hub_staff', active: true });
    expect(report.staff_account!.sessions).toBeGreaterThanOrEqual(1);
    expect(report.mail_log.filter((m) => m.role === 'recipient').map((m) => m.kind).sort()).toEqual(expect.arrayContaining(['brief_received', 'draft_quote', 'login_link']));
    expect(report.audit_log.map((a) => a.role).sort()).toEqual(['actor', 'mentioned']);
    expect(report.quotes).toEqual([expect.objectContaining({ ref: refs.other, version: 2, role: 'author' })]);

    const entry = await app.services.db(TABLES.auditLog).where({ entity: 'privacy', action: 'export' }).first();
    expect(entry).toMatchObject({ actor: 'cli', entity_key: auditSubject(CLAIRE) });
    expect(JSON.stringify(entry)).not.toContain('claire');
  });

  it('when someone other than a hub admin, or a form without its CSRF token, asks, then nothing is shown', async () => {
    expect((await claire.get('/hub/privacy')).status).toBe(403);
    expect((await admin.post('/hub/privacy/lookup', { email: CLAIRE })).status).toBe(403);
    expect((await fetch(`${app.baseUrl}/hub/privacy`, { redirect: 'manual' })).status).toBe(303);
  });

  it('when a hub admin looks the address up, confirms, and erases it, then no table holds it any more and the figures stay', async () => {
    const db = app.services.db;
    const page = await (await admin.get('/hub/privacy')).text();
    const found = await admin.post('/hub/privacy/lookup', { _csrf: csrfOf(page, '/hub/privacy/lookup'), email: CLAIRE });
    expect(found.status).toBe(200);
    const html = await found.text();
    for (const ref of Object.values(refs)) expect(html).toContain(ref);
    expect(html).toContain('Claire Dupont');
    expect(found.headers.get('cache-control')).toBe('no-store');
    const download = await admin.post('/hub/privacy/export', { _csrf: csrfOf(html, '/hub/privacy/export'), email: CLAIRE });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="personal-data.json"');
    expect(((await download.json()) as PersonalDataReport).places.length).toBe([...(await scanFor(db, CLAIRE)).values()].flat().length);
    const self = await admin.post('/hub/privacy/erase', { _csrf: csrfOf(html, '/hub/privacy/erase'), email: 'admin@example.org', confirm: 'admin@example.org' });
    expect(self.status).toBe(422);
    expect(await app.services.stores.staff.findByEmail('admin@example.org')).not.toBeNull();
    expect((await db(TABLES.auditLog).where({ entity: 'privacy' }).orderBy('id').select('action')).map((a: { action: string }) => a.action)).toEqual(['export', 'access', 'export']);

    const figures = async () => ({
      briefs: (await db(TABLES.briefs).orderBy('id').select('id', 'ref', 'start_date', 'attendees', 'received_at', 'sla_due_at', 'quoted_at', 'sent_at')).map((b: Record<string, unknown>) => ({ ...b, start_date: String(b.start_date) })),
      payloads: (await db(TABLES.briefs).orderBy('id').select('payload')).map((b: { payload: string }) => {
        const p = JSON.parse(b.payload);
        return { event: { ...p.event, title: undefined }, destinations: p.destinations, budget: p.budget_eur, catering: p.catering };
      }),
      options: await db(TABLES.quoteOptions).orderBy('id').select('id', 'quote_id', 'rank', 'net_cents', 'vat_cents', 'gross_cents'),
      lines: await db(TABLES.quoteLines).orderBy('id').select('id', 'option_id', 'item', 'quantity', 'unit_price_cents', 'gross_cents'),
      mails: await db(TABLES.mailLog).orderBy('id').select('id', 'kind', 'brief_id', 'attempts', 'created_at'),
      statuses: Object.fromEntries((await db(TABLES.briefs).select('ref', 'status')).map((b: { ref: string; status: string }) => [b.ref, b.status])),
    });
    const before = await figures();

    // First press: a confirmation, nothing erased yet; a mistyped confirmation erases nothing either.
    const ask = await admin.post('/hub/privacy/erase', { _csrf: csrfOf(html, '/hub/privacy/erase'), email: CLAIRE });
    expect(ask.status).toBe(200);
    const confirmPage = await ask.text();
    expect(confirmPage).toContain('Type the address again to confirm');
    const wrong = await admin.post('/hub/privacy/erase', { _csrf: csrfOf(confirmPage, '/hub/privacy/erase'), email: CLAIRE, confirm: 'claire@example.org' });
    expect(wrong.status).toBe(422);
    expect((await scanFor(db, CLAIRE)).size).toBe(7); // brief_search (the All briefs search text) beside the six tables

    const done = await admin.post('/hub/privacy/erase', { _csrf: csrfOf(confirmPage, '/hub/privacy/erase'), email: CLAIRE, confirm: 'Claire.Dupont@example.org' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('The address was erased');

    expect(await scanFor(db, CLAIRE)).toEqual(new Map());
    expect(await scanFor(db, 'Claire Dupont')).toEqual(new Map());

    const after = await figures();
    expect(after.briefs).toEqual(before.briefs);
    expect(after.payloads).toEqual(before.payloads);
    expect(after.options).toEqual(before.options);
    expect(after.lines).toEqual(before.lines);
    expect(after.mails).toEqual(before.mails);
    expect(after.statuses).toEqual({ ...before.statuses, [refs.open!]: 'cancelled' });
    const bob = await db(TABLES.briefs).where({ ref: refs.other }).first();
    expect(JSON.parse(bob.payload).organiser.email).toBe('bob@example.org');
    expect(JSON.parse(bob.payload).notes).toBe('My colleague [erased] handles the invoices.');

    const erased = await db(TABLES.auditLog).where({ entity: 'privacy', action: 'erase' }).first();
    expect(erased).toMatchObject({ actor: 'admin@example.org', entity_key: auditSubject(CLAIRE) });
    expect(JSON.parse(erased.new_value)).toMatchObject({ briefs_anonymised: 2, briefs_cancelled: 1, staff_account: 1 });
    expect((await db(TABLES.auditLog).where({ entity: 'rate' }).first()).actor).toMatch(/^staff#\d+$/);
    expect((await db(TABLES.supplierProposals).first()).proposed_by).toMatch(/^staff#\d+$/);

    // Her account can never sign in again.
    expect((await claire.get('/hub')).status).toBe(303);
    expect(await db(TABLES.staffSessions).join(TABLES.staffUsers, 'staff_users.id', 'staff_sessions.user_id').where('staff_users.name', 'anonymised')).toEqual([]);
    const io = capture();
    expect(await privacyCli(['export', CLAIRE], env, io)).toBe(0);
    expect((JSON.parse(io.stdout) as PersonalDataReport).places).toEqual([]);
  });

  it('when erase is run from the command line, then without --yes it only says what it would erase, and with --yes it erases', async () => {
    const dry = capture();
    expect(await privacyCli(['erase', 'bob@example.org'], env, dry)).toBe(1);
    expect(dry.stdout).toContain('nothing was changed; run again with --yes to erase');
    expect((await scanFor(app.services.db, 'bob@example.org')).size).toBeGreaterThan(0);
    const io = capture();
    expect(await privacyCli(['erase', 'bob@example.org', '--yes'], env, io)).toBe(0);
    expect(io.stdout).toMatch(/^erased \(sha256:[0-9a-f]{12}\): 1 brief\(s\) anonymised/);
    expect(await scanFor(app.services.db, 'bob@example.org')).toEqual(new Map());
    expect(await privacyCli(['erase', 'a'], env, capture())).toBe(2);
  });
});
