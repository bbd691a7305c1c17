import { startTestApp, type TestApp } from '../support/test-app';
import { seed, regionCatalogue, submit } from './quote-fixtures';
import { dashboardTotals, movableClock, personalBrief } from './privacy-fixtures';
import { runRetention } from '../../src/privacy/retention';
import { SCHEDULER_IDS } from '../../workers/worker-host';
import { TABLES } from '../../src/platform/tables';
import { createLogger } from '../../src/platform/logger';

/**
 * SPEC §12 retention with an injected clock: briefs taken in and quoted for real in January 2027,
 * then the clock moves to 15 June 2030 with RETENTION_MONTHS=36, so the cutoff is 2027-06-15:
 * an event that ended on 14 June 2027 is anonymised, one that ended on 15 June 2027 is kept.
 */
describe('retention', () => {
  const clock = movableClock('2027-01-15T09:00:00.000Z');
  const LATER = '2030-06-15T10:00:00.000Z';
  let app: TestApp;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp({ clock, env: { RETENTION_MONTHS: '36' } });
    await seed(app.services, regionCatalogue());
    refs.before = await submit(app, personalBrief('ended-before@example.org', '2027-06-10', '2027-06-14'));
    refs.boundary = await submit(app, personalBrief('ended-on@example.org', '2027-06-13', '2027-06-15'));
    refs.recent = await submit(app, personalBrief('recent@example.org', '2028-01-10', '2028-01-12'));
    for (const ref of Object.values(refs)) await app.waitForStatus(ref, ['sent']);
    await app.smtp.waitFor((m) => Object.values(refs).every((ref) => m.some((x) => x.kind === 'draft_quote' && x.ref === ref)));
    await app.stopWorkers();
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
  });

  const deps = () => ({ db: app.services.db, clock, logger: createLogger('silent'), config: { retentionMonths: 36 } });
  const row = (ref: string) => app.services.db(TABLES.briefs).where({ ref }).first();

  it('when workers start, then the retention job is one BullMQ job scheduler, daily', async () => {
    const scheduler = await app.services.queues.maintenance.getJobScheduler(SCHEDULER_IDS.retention);
    expect(scheduler).toBeTruthy();
    expect(Number(scheduler!.every)).toBe(86_400_000);
  });

  it('when the job runs in 2030, then only the brief whose event ended before the cutoff is anonymised, and the totals stay the same', async () => {
    // The organiser's link, as their e-mail carried it.
    const linkOf = (ref: string) => /\/q\/([A-Za-z0-9_-]+)/.exec(app.smtp.ofKind('draft_quote').find((m) => m.ref === ref)!.text)![1]!;
    const tokens = Object.fromEntries(Object.entries(refs).map(([k, ref]) => [k, linkOf(ref)]));
    const boundaryBefore = await row(refs.boundary!);
    const mailsBefore = await app.services.db(TABLES.mailLog).orderBy('id');
    clock.set(LATER);
    const totals = await dashboardTotals(app.services.db, { from: '2027-01-01', to: '2027-01-31' }, clock.now());

    // Two runs at once (two workers) and a third later (the job run twice): one anonymisation.
    const [a, b] = await Promise.all([runRetention(deps()), runRetention(deps())]);
    const again = await runRetention(deps());
    expect(a.cutoff).toBe('2027-06-15');
    expect(a.briefs + b.briefs).toBe(1);
    expect(again.briefs).toBe(0);

    const old = await row(refs.before!);
    expect(old.anonymised_at).not.toBeNull();
    const payload = JSON.parse(old.payload);
    expect(payload.organiser).toEqual({ name: 'anonymised', email: `anonymised+${old.id}@invalid`, language: 'en' });
    expect(payload.notes).toBeUndefined();
    expect(payload.event.title).toBeUndefined();
    expect(payload.event).toMatchObject({ start_date: '2027-06-10', end_date: '2027-06-14', attendees: 280, layout: 'theatre' });
    expect(payload.destinations).toEqual(['Marseille']);
    expect(payload.budget_eur).toBe(90000);
    expect(old.status).toBe('sent');
    expect(old.payload).not.toContain('ended-before@example.org');
    expect(old.payload).not.toContain('Ada Martin');
    expect(old.payload).not.toContain('Cardiologie');

    const oldMails = await app.services.db(TABLES.mailLog).where({ brief_id: old.id });
    expect(oldMails.length).toBeGreaterThanOrEqual(2);
    for (const m of oldMails) {
      expect(m).toMatchObject({ recipient: '', subject: '', html: '', text: '' });
      const was = mailsBefore.find((x: { id: number }) => x.id === m.id);
      expect({ kind: m.kind, status: m.status, attempts: m.attempts }).toEqual({ kind: was.kind, status: was.status, attempts: was.attempts });
    }
    const quotes = await app.services.db(TABLES.quotes).where({ brief_id: old.id });
    expect(quotes.length).toBe(1);
    const options = await app.services.db(TABLES.quoteOptions).where({ quote_id: quotes[0].id });
    expect(options.length).toBeGreaterThan(0);

    // The old quote link is dead; the others still work.
    expect((await fetch(`${app.baseUrl}/q/${tokens.before}`)).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/q/${tokens.boundary}`)).status).toBe(200);

    // The brief whose event ended exactly 36 months before today is kept as it was.
    expect(await row(refs.boundary!)).toEqual(boundaryBefore);
    const recent = await row(refs.recent!);
    expect(recent.anonymised_at).toBeNull();
    expect(recent.payload).toContain('recent@example.org');
    const keptMails = await app.services.db(TABLES.mailLog).whereIn('brief_id', [boundaryBefore.id, recent.id]).whereNot({ recipient: '' });
    expect(keptMails.length).toBe(mailsBefore.filter((m: { brief_id: number }) => m.brief_id === boundaryBefore.id || m.brief_id === recent.id).length);

    // Every total the same; only the count of anonymised briefs moved.
    const after = await dashboardTotals(app.services.db, { from: '2027-01-01', to: '2027-01-31' }, clock.now());
    expect(after.metrics.briefsAnonymised).toBe(totals.metrics.briefsAnonymised + 1);
    expect({ ...after, metrics: { ...after.metrics, briefsAnonymised: 0 } }).toEqual({ ...totals, metrics: { ...totals.metrics, briefsAnonymised: 0 } });

    const audit = await app.services.db(TABLES.auditLog).where({ entity: 'privacy', action: 'anonymise' });
    expect(audit.map((e: { new_value: string }) => JSON.parse(e.new_value).briefs).reduce((x: number, y: number) => x + y, 0)).toBe(1);
    expect(JSON.stringify(audit)).not.toContain('@');
  });

  it('when a day passes the boundary, then the next brief is anonymised by a job on the maintenance queue', async () => {
    clock.set('2030-06-16T10:00:00.000Z');
    await app.startWorkers();
    await app.services.queues.maintenance.add('retention', { task: 'retention' });
    for (let i = 0; i < 200 && !(await row(refs.boundary!)).anonymised_at; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await row(refs.boundary!)).anonymised_at).not.toBeNull();
    expect((await row(refs.recent!)).anonymised_at).toBeNull();
  });

  it('when e-mails without a brief and audit entries have passed RETENTION_MONTHS, then they go and newer ones stay', async () => {
    const db = app.services.db;
    await db(TABLES.mailLog).insert([
      { dedupe_key: 'login_link|-|staff@example.org|-|old', kind: 'login_link', recipient: 'staff@example.org', brief_id: null, subject: 'Sign in', html: '<p>staff@example.org</p>', text: 'link', status: 'delivered', attempts: 1, created_at: '2027-06-01T00:00:00.000Z', updated_at: '2027-06-01T00:00:00.000Z' },
      { dedupe_key: 'login_link|-|staff@example.org|-|new', kind: 'login_link', recipient: 'staff@example.org', brief_id: null, subject: 'Sign in', html: '<p>x</p>', text: 'link', status: 'delivered', attempts: 1, created_at: '2030-06-01T00:00:00.000Z', updated_at: '2030-06-01T00:00:00.000Z' },
    ]);
    await db(TABLES.auditLog).insert([
      { at: '2027-06-01T00:00:00.000Z', actor: 'staff@example.org', entity: 'rate', entity_key: 'X', action: 'update', old_value: null, new_value: null },
      { at: '2030-01-01T00:00:00.000Z', actor: 'staff@example.org', entity: 'rate', entity_key: 'Y', action: 'update', old_value: null, new_value: null },
    ]);
    const outcome = await runRetention(deps());
    expect(outcome.mailsWithoutBrief).toBe(1);
    expect(outcome.auditEntriesDeleted).toBe(1);
    expect((await db(TABLES.mailLog).whereNull('brief_id').where({ recipient: 'staff@example.org' })).map((m: { created_at: unknown }) => new Date(m.created_at as string).getUTCFullYear())).toEqual([2030]);
    expect((await db(TABLES.auditLog).whereIn('entity_key', ['X', 'Y'])).map((e: { entity_key: string }) => e.entity_key)).toEqual(['Y']);
  });
});
