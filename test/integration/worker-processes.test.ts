import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { PROCESS_CLOCK, spawnEntry, type AppProcess } from '../support/processes';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { TABLES } from '../../src/platform/tables';

/**
 * Real worker (and web) processes, sharing the test's database, Redis prefix and SMTP sink.
 * The in-process app accepts briefs and relays the outbox but runs no worker of its own.
 */
describe('worker processes', () => {
  let app: TestApp;
  const procs: AppProcess[] = [];
  const spawnWorker = (extra: Record<string, string> = {}) => {
    const p = spawnEntry('worker', {
      DATABASE_URL: app.database.url,
      REDIS_URL: app.services.redisUrl,
      QUEUE_PREFIX: app.services.queuePrefix,
      SMTP_URL: `smtp://127.0.0.1:${app.smtp.port}`,
      HUB_EMAIL: 'hub@example.org',
      ...extra,
    });
    procs.push(p);
    return p;
  };

  beforeEach(async () => {
    app = await startTestApp({ workers: false, clock: PROCESS_CLOCK, env: { INTAKE_RATE_LIMIT: '100000' } });
    await seedSmallCatalogue(app.services);
  });
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.kill9()));
    await app.stop();
  });

  const briefsFor = async (n: number) => {
    const refs: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await postBrief(app, validBrief({ organiser: { name: `Organiser ${i}`, email: `org${i}@example.org` } }, PROCESS_CLOCK));
      expect(res.status).toBe(201);
      refs.push(((await res.json()) as { ref: string }).ref);
    }
    return refs;
  };

  const waitAllSent = async (n: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await app.services.db(TABLES.briefs).select('status');
      if (rows.length === n && rows.every((r: { status: string }) => r.status === 'sent')) return;
      if (Date.now() > deadline) throw new Error(`not all sent: ${JSON.stringify(rows.map((r: { status: string }) => r.status))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const draftsPerOrganiser = () => {
    const counts = new Map<string, number>();
    for (const m of app.smtp.ofKind('draft_quote')) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    return counts;
  };

  it('when two worker processes share the queue, then every brief is quoted exactly once', async () => {
    spawnWorker();
    spawnWorker();
    await Promise.all(procs.map((p) => p.waitForLog(/worker started/)));
    const refs = await briefsFor(30);
    await waitAllSent(30, 40_000);
    await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'draft_quote').length >= 30, 30_000);
    await app.settled();
    const versions = await app.services.db(TABLES.quotes).select('brief_id', 'version');
    expect(versions).toHaveLength(refs.length);
    expect([...draftsPerOrganiser().values()].every((c) => c === 1)).toBe(true);
    expect(draftsPerOrganiser().size).toBe(30);
    // Both processes did some of the work.
    for (const p of procs) expect(p.logs.some((l) => l.includes('brief matched'))).toBe(true);
  }, 90_000);

  it('when a worker is killed with SIGKILL mid-batch, then a new worker quotes every brief and no organiser gets the same draft twice', async () => {
    await briefsFor(25);
    const first = spawnWorker({ WORKER_CONCURRENCY: '1' });
    await first.waitForLog(/brief matched/);
    await first.kill9();
    const sentAtKill = (await app.services.db(TABLES.briefs).where({ status: 'sent' })).length;
    expect(sentAtKill).toBeLessThan(25);
    spawnWorker();
    // The killed worker's active job comes back when its BullMQ lock (15 s) expires.
    await waitAllSent(25, 60_000);
    await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'draft_quote').length >= 25, 30_000);
    await app.settled();
    expect(draftsPerOrganiser().size).toBe(25);
    expect([...draftsPerOrganiser().values()].every((c) => c === 1)).toBe(true);
  }, 120_000);

  it('when a worker gets SIGTERM while a job is in flight, then it finishes that job before it exits cleanly, and no half-written quote is ever visible', async () => {
    const first = spawnWorker();
    await first.waitForLog(/worker started/);
    // The first draft quote's SMTP answer waits for the test: its send-email job is really running.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held: string | null = null;
    app.smtp.behaviour = ({ kind, to }) => (kind === 'draft_quote' && held === null ? ((held = to), { hold: released }) : null);
    await briefsFor(5);
    const deadline = Date.now() + 60_000;
    while (held === null) {
      if (Date.now() > deadline) throw new Error('no draft quote reached the SMTP server');
      await new Promise((r) => setTimeout(r, 50));
    }
    const exited = first.terminate();
    await first.waitForLog(/stopping/);
    // Signalled, it waits for the running job instead of exiting under it.
    expect(first.child.exitCode).toBeNull();
    const inFlight = await app.services.db(TABLES.mailLog).where({ kind: 'draft_quote', recipient: held }).first('id', 'status', 'attempts');
    expect(inFlight).toMatchObject({ status: 'sending' });
    release();
    expect(await exited).toBe(0);
    // The job finished before the exit: delivered on its first attempt, not left for a lock expiry.
    expect(await app.services.db(TABLES.mailLog).where({ id: inFlight.id }).first('status', 'attempts')).toEqual({ status: 'delivered', attempts: 1 });
    // A brief is either still waiting with no quote, or done with its quote: never in between.
    const rows = await app.services.db(TABLES.briefs).leftJoin(TABLES.quotes, 'quotes.brief_id', 'briefs.id').select('briefs.status', 'quotes.id as quote_id');
    for (const r of rows as { status: string; quote_id: number | null }[]) {
      if (r.status === 'sent') expect(r.quote_id).not.toBeNull();
      else expect(r.quote_id).toBeNull();
    }
    spawnWorker();
    await waitAllSent(5, 60_000);
  }, 120_000);
});
