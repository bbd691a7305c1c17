import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { PROCESS_CLOCK, spawnEntry, type AppProcess } from '../support/processes';
import { validBrief } from '../support/seed';
import { TABLES } from '../../src/platform/tables';

const HOUR = 3_600_000;

/** Two real worker processes, each registering the SLA watch scheduler, on one database and Redis. */
describe('SLA watch across worker processes', () => {
  let app: TestApp;
  const procs: AppProcess[] = [];
  beforeEach(async () => {
    app = await startTestApp({ workers: false, clock: PROCESS_CLOCK });
  });
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.kill9()));
    await app.stop();
  });

  it('when two worker processes run the SLA watch, then each late brief gets exactly one warning or breach and a brief in time gets none', async () => {
    const post = async (email: string) => ((await (await postBrief(app, validBrief({ organiser: { name: 'X', email } }, PROCESS_CLOCK))).json()) as { ref: string }).ref;
    const warned = await post('warned@example.org');
    const breached = await post('breached@example.org');
    const inTime = await post('intime@example.org');
    const now = PROCESS_CLOCK.now().getTime();
    const setTimes = (ref: string, receivedAgoH: number) =>
      app.services.db(TABLES.briefs).where({ ref }).update({
        received_at: new Date(now - receivedAgoH * HOUR).toISOString(),
        sla_due_at: new Date(now - receivedAgoH * HOUR + 48 * HOUR).toISOString(),
      });
    await setTimes(warned, 40); // past 75 % (36 h), before the deadline
    await setTimes(breached, 50); // past the deadline
    await setTimes(inTime, 1);

    const env = {
      DATABASE_URL: app.database.url,
      REDIS_URL: app.services.redisUrl,
      QUEUE_PREFIX: app.services.queuePrefix,
      SMTP_URL: `smtp://127.0.0.1:${app.smtp.port}`,
      HUB_EMAIL: 'hub@example.org',
      SLA_WATCH_SECONDS: '1',
    };
    procs.push(spawnEntry('worker', env), spawnEntry('worker', env));
    await Promise.all(procs.map((p) => p.waitForLog(/worker started/)));
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'sla_warning') && m.some((x) => x.kind === 'sla_breach'), 30_000);
    await new Promise((r) => setTimeout(r, 5000)); // several more ticks of both processes

    const warnings = app.smtp.ofKind('sla_warning').map((m) => m.ref);
    const breaches = app.smtp.ofKind('sla_breach').map((m) => m.ref);
    expect(warnings).toEqual([warned]);
    expect(breaches).toEqual([breached]);
    expect([...warnings, ...breaches]).not.toContain(inTime);
  }, 60_000);
});
