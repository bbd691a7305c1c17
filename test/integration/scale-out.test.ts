import { startTestApp, type TestApp } from '../support/test-app';
import { PROCESS_CLOCK, spawnEntry, type AppProcess } from '../support/processes';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { TABLES } from '../../src/platform/tables';

/**
 * One `web` and two `worker` processes sharing one database (the SQLite file, or PostgreSQL
 * when TEST_DATABASE_URL is set) and one Redis, under concurrent load.
 */
describe('scale-out: separate web and worker processes', () => {
  let app: TestApp;
  const procs: AppProcess[] = [];
  beforeEach(async () => {
    app = await startTestApp({ workers: false, clock: PROCESS_CLOCK });
    await seedSmallCatalogue(app.services);
  });
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.kill9()));
    await app.stop();
  });

  it('when 60 briefs arrive concurrently at a web process with two workers, then all are accepted and quoted, and no SQLITE_BUSY or failed job appears', async () => {
    const env = {
      DATABASE_URL: app.database.url,
      REDIS_URL: app.services.redisUrl,
      QUEUE_PREFIX: app.services.queuePrefix,
      SMTP_URL: `smtp://127.0.0.1:${app.smtp.port}`,
      HUB_EMAIL: 'hub@example.org',
      INTAKE_RATE_LIMIT: '100000',
    };
    const web = spawnEntry('web', { ...env, PORT: '0' });
    procs.push(web, spawnEntry('worker', env), spawnEntry('worker', env));
    const port = JSON.parse(await web.waitForLog(/web listening/)).port as number;
    await Promise.all(procs.slice(1).map((p) => p.waitForLog(/worker started/)));

    const post = (i: number) =>
      fetch(`http://127.0.0.1:${port}/api/briefs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(validBrief({ organiser: { name: `Organiser ${i}`, email: `load${i}@example.org` } }, PROCESS_CLOCK)),
      }).then((r) => r.status);
    const statuses: number[] = [];
    for (let batch = 0; batch < 6; batch++) statuses.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => post(batch * 10 + j)))));
    expect(statuses.every((s) => s === 201)).toBe(true);

    const deadline = Date.now() + 60_000;
    for (;;) {
      const rows = await app.services.db(TABLES.briefs).select('status');
      if (rows.length === 60 && rows.every((r: { status: string }) => r.status === 'sent')) break;
      if (Date.now() > deadline) throw new Error(`not all sent: ${rows.map((r: { status: string }) => r.status).join(',')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'draft_quote').length >= 60, 30_000);
    expect(app.smtp.ofKind('draft_quote')).toHaveLength(60);
    const allLogs = procs.flatMap((p) => p.logs).join('\n');
    expect(allLogs).not.toMatch(/SQLITE_BUSY|database is locked|"msg":"job failed"|unhandled error/);
  }, 120_000);
});
