import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { validBrief } from '../support/seed';
import { TABLES } from '../../src/platform/tables';
import { QUEUE_NAMES } from '../../src/queue/queues';
import { briefSchema, type Brief } from '../../src/core/brief-schema';
import type { IntakeFollowUps } from '../../src/briefs/intake-store';
import type { StoredBrief } from '../../src/briefs/brief-store';

/** Intake's group commit (issue 7), on the engine the suite runs on. */
describe('intake store: briefs that arrive together share one write', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ workers: false, env: { INTAKE_RATE_LIMIT: '1000' } });
  });
  afterEach(async () => app.stop());

  const parsedBrief = (email: string): Brief => {
    const body = validBrief() as { organiser: Record<string, unknown> };
    return briefSchema('2026-01-01').parse({ ...body, organiser: { ...body.organiser, email } });
  };
  const followUps = (stored: StoredBrief): IntakeFollowUps => ({
    job: { queue: QUEUE_NAMES.matchAndQuote, jobId: `brief-${stored.id}`, data: { briefId: stored.id } },
    acknowledgement: {
      dedupeKey: `test:${stored.id}`, kind: 'brief_received', recipient: stored.brief.organiser.email, briefId: stored.id,
      quoteVersion: null, supplierId: null, subject: `Received ${stored.ref}`, html: '<p>ok</p>', text: 'ok',
    },
    sendJob: (emailId) => ({ queue: QUEUE_NAMES.sendEmail, jobId: `email-${emailId}`, data: { emailId } }),
  });

  it('when 60 briefs are posted at once, then each gets its own ref, outbox job and acknowledgement row, and the refs follow the ids', async () => {
    const responses = await Promise.all(Array.from({ length: 60 }, () => postBrief(app, validBrief())));
    expect(responses.map((r) => r.status)).toEqual(Array(60).fill(201));
    const refs = await Promise.all(responses.map(async (r) => ((await r.json()) as { ref: string }).ref));
    expect(new Set(refs).size).toBe(60);

    const briefs = await app.services.db(TABLES.briefs).select('id', 'ref');
    expect(briefs).toHaveLength(60);
    for (const b of briefs as { id: number; ref: string }[]) expect(b.ref).toMatch(new RegExp(`^PCE-\\d{4}-${String(b.id).padStart(6, '0')}$`));
    const mails = (await app.services.db(TABLES.mailLog).select('id', 'brief_id', 'kind')) as { id: number; brief_id: number; kind: string }[];
    expect(mails.filter((m) => m.kind === 'brief_received').map((m) => m.brief_id).sort()).toEqual(briefs.map((b: { id: number }) => b.id).sort());
    const jobs = (await app.services.db(TABLES.outbox).select('job_id')).map((r: { job_id: string }) => r.job_id).sort();
    expect(jobs).toEqual([...briefs.map((b: { id: number }) => `brief-${b.id}`), ...mails.map((m) => `email-${m.id}`)].sort());
  });

  it('when one brief of a batch cannot be written, then it alone fails and the others are stored whole', async () => {
    const store = app.services.stores.intake;
    const now = app.services.clock.now();
    const input = (email: string) => ({ brief: parsedBrief(email), receivedAt: now, slaDueAt: now, publicTokenHash: `token-${email}` });
    const results = await Promise.allSettled([
      store.record(input('a@example.org'), followUps),
      store.record(input('b@example.org'), () => {
        throw new Error('the acknowledgement cannot be rendered');
      }),
      store.record(input('c@example.org'), followUps),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const tokens = (await app.services.db(TABLES.briefs).select('public_token')).map((r: { public_token: string }) => r.public_token).sort();
    expect(tokens).toEqual(['token-a@example.org', 'token-c@example.org']);
    const counts = await Promise.all([TABLES.mailLog, TABLES.outbox].map(async (t) => Number(((await app.services.db(t).count({ n: '*' }).first()) as { n: unknown }).n)));
    expect(counts).toEqual([2, 4]);
  });

  it('when the database refuses a brief of a batch, then that brief fails and no brief is half-written', async () => {
    const store = app.services.stores.intake;
    const now = app.services.clock.now();
    // A public token is unique: the second brief repeats the first's, so the write fails.
    const input = { brief: parsedBrief('a@example.org'), receivedAt: now, slaDueAt: now, publicTokenHash: 'same-token' };
    await store.record(input, followUps);
    const results = await Promise.allSettled([store.record(input, followUps), store.record({ ...input, publicTokenHash: 'other' }, followUps)]);
    expect(results[0]!.status).toBe('rejected');
    const briefs = Number(((await app.services.db(TABLES.briefs).count({ n: '*' }).first()) as { n: unknown }).n);
    const outbox = Number(((await app.services.db(TABLES.outbox).count({ n: '*' }).first()) as { n: unknown }).n);
    // SQLite isolates the failing brief in its savepoint; PostgreSQL's one statement fails whole.
    // Either way no brief is half-written: each stored brief has exactly its two outbox rows.
    expect(outbox).toBe(2 * briefs);
  });
});
