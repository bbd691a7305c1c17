import { startTestApp, type TestApp } from '../support/test-app';
import { regionCatalogue, seed, submit, fullBrief } from './quote-fixtures';
import { buildQuoteDraft } from '../../src/matching/build-quote-draft';
import { TABLES } from '../../src/platform/tables';
import type { NewMail } from '../../src/mail/mail-store';
import { queueEmails } from '../../src/mail/mail-service';
import { storesFor } from '../../src/stores';

/** The worker's batched writes (issue 7) store and return exactly what one-by-one writes did. */
describe('quote store and mail log: batched writes', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ workers: false });
    await seed(app.services, regionCatalogue());
  });
  afterEach(async () => app.stop());

  it('when a version with several options is inserted, then what insertVersion returns is what a read of that version gives', async () => {
    const ref = await submit(app, fullBrief());
    const brief = (await app.services.stores.briefs.findByRef(ref))!;
    const now = app.services.clock.now();
    const draft = buildQuoteDraft(brief.brief, await app.services.stores.suppliers.loadCatalogue(), {
      now: now.toISOString(),
      rateStaleDays: 60,
      quoteOptions: 3,
    });
    expect(draft.options.length).toBeGreaterThanOrEqual(2);
    const returned = await app.services.db.transaction((trx) =>
      storesFor(trx).quotes.insertVersion({ briefId: brief.id, createdAt: now, createdBy: 'machine', note: null, eliminated: draft.eliminated, options: [...draft.options].reverse() }),
    );
    const read = await app.services.stores.quotes.findVersion(brief.id, returned.version);
    expect(returned).toEqual(read);
    expect(returned.options.map((o) => o.rank)).toEqual([...returned.options.map((o) => o.rank)].sort((a, b) => a - b));
    expect(returned.options.flatMap((o) => o.lines).length).toBeGreaterThan(4);
  });

  it('when several e-mails are queued at once and some were logged before, then only the new ones get a row and a send job, in order', async () => {
    const now = app.services.clock.now();
    const mail = (n: number): NewMail => ({
      dedupeKey: `test|${n}`, kind: 'lead', recipient: `s${n}@example.org`, briefId: null, quoteVersion: null, supplierId: null, subject: `s${n}`, html: '<p>x</p>', text: 'x',
    });
    expect(await app.services.db.transaction((trx) => queueEmails(trx, [mail(2)], now))).toBe(1);
    expect(await app.services.db.transaction((trx) => queueEmails(trx, [mail(1), mail(2), mail(3)], now))).toBe(2);
    expect(await app.services.db.transaction((trx) => queueEmails(trx, [mail(1), mail(3)], now))).toBe(0);
    const rows = (await app.services.db(TABLES.mailLog).orderBy('id').select('id', 'dedupe_key')) as { id: number; dedupe_key: string }[];
    expect(rows.map((r) => r.dedupe_key)).toEqual(['test|2', 'test|1', 'test|3']);
    const jobs = (await app.services.db(TABLES.outbox).orderBy('id').select('job_id')).map((r: { job_id: string }) => r.job_id);
    expect(jobs).toEqual(rows.map((r) => `email-${r.id}`));
  });
});
