import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { startWorkers, SCHEDULER_IDS, type WorkerHost } from '../../workers/worker-host';
import { runSlaWatch } from '../../src/sla/sla-watch';
import { TABLES } from '../../src/platform/tables';
import { QUEUE_NAMES } from '../../src/queue/queues';
import { steppedClock } from '../support/clock';

const HOUR = 3_600_000;
const T0 = Date.parse('2027-01-04T08:00:00.000Z');


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SLA watch', () => {
  let app: TestApp;
  let clock: ReturnType<typeof steppedClock>;
  const extraHosts: WorkerHost[] = [];

  // AUTO_SEND off: every quoted brief waits for the hub (needs_review), which is what the watch is for.
  const start = async (options: { workers?: boolean } = {}) => {
    clock = steppedClock(T0, HOUR); // clock.at(n): n hours after T0
    app = await startTestApp({ clock, env: { AUTO_SEND: 'false', PUBLIC_URL: 'https://fo.example.org' }, ...options });
    await seedSmallCatalogue(app.services);
  };
  afterEach(async () => {
    await Promise.all(extraHosts.splice(0).map((h) => h.close()));
    await app.stop();
  });

  const submit = async (organiser = 'ada') => {
    const res = await postBrief(app, validBrief({ organiser: { name: 'Ada Martin', email: `${organiser}@example.org`, language: 'en' } }, clock));
    expect(res.status).toBe(201);
    const { ref } = (await res.json()) as { ref: string };
    await app.waitForStatus(ref, ['needs_review']);
    return { ref, id: (await app.services.stores.briefs.findByRef(ref))!.id };
  };
  const watch = () =>
    runSlaWatch({ db: app.services.db, renderer: app.services.renderer, config: app.services.config, clock: app.services.clock, logger: app.services.logger });
  const logged = async (briefId: number, kind: string) => (await app.services.db(TABLES.mailLog).where({ brief_id: briefId, kind })).length;
  /** Waits until nothing is left to send, so a duplicate would have reached the SMTP sink by now. */
  const settle = () => app.settled();

  it('when an unsent brief passes 75 % of its SLA and then its deadline, then the hub gets one sla_warning and one sla_breach however often the watch runs', async () => {
    await start();
    const { ref, id } = await submit();

    clock.at(36 - 1 / 60);
    await watch();
    expect(await logged(id, 'sla_warning')).toBe(0);

    const warnedAt = clock.at(36);
    await watch();
    await watch();
    const [warning] = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'sla_warning' && x.ref === ref)).then((m) => m.filter((x) => x.kind === 'sla_warning'));
    expect(warning!.to).toBe('hub@example.org');
    expect(warning!.subject).toContain(ref);
    expect(warning!.subject).toContain('12 h 00 min left');
    expect(warning!.text).toContain(`https://fo.example.org/hub/briefs/${ref}`);
    expect(warning!.html).toContain(`href="https://fo.example.org/hub/briefs/${ref}"`);
    expect(warning!.text).toContain('auto_send_off');
    expect((await app.services.stores.briefs.findById(id))!.slaWarningAt).toBe(warnedAt.toISOString());

    clock.at(47.9);
    await watch();
    expect(await logged(id, 'sla_breach')).toBe(0);

    const breachedAt = clock.at(48);
    await Promise.all([watch(), watch(), watch()]);
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'sla_breach' && x.ref === ref));
    expect((await app.services.stores.briefs.findById(id))!.slaBreachAt).toBe(breachedAt.toISOString());

    clock.at(200);
    await watch();
    await settle();
    expect(app.smtp.ofKind('sla_warning')).toHaveLength(1);
    expect(app.smtp.ofKind('sla_breach')).toHaveLength(1);
    expect(app.smtp.ofKind('sla_breach')[0]!.to).toBe('hub@example.org');
    expect(await logged(id, 'sla_warning')).toBe(1);
    expect(await logged(id, 'sla_breach')).toBe(1);
  });

  it('when a brief is sent in time, then no SLA alert is sent for it; when it is sent after the warning, then no breach follows', async () => {
    await start();
    const early = await submit('early');
    const late = await submit('late');

    clock.at(10);
    expect((await app.api(`/api/briefs/${early.ref}/send`, { method: 'POST' })).status).toBeLessThan(300);
    await app.waitForStatus(early.ref, ['sent']);

    clock.at(37);
    await watch();
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'sla_warning' && x.ref === late.ref));
    expect((await app.api(`/api/briefs/${late.ref}/send`, { method: 'POST' })).status).toBeLessThan(300);
    await app.waitForStatus(late.ref, ['sent']);

    clock.at(49);
    await watch();
    clock.at(500);
    await watch();
    await settle();
    expect(await logged(early.id, 'sla_warning')).toBe(0);
    expect(await logged(early.id, 'sla_breach')).toBe(0);
    expect(await logged(late.id, 'sla_warning')).toBe(1);
    expect(await logged(late.id, 'sla_breach')).toBe(0);
    expect(app.smtp.received.filter((m) => m.kind?.startsWith('sla_')).map((m) => `${m.kind} ${m.ref}`)).toEqual([`sla_warning ${late.ref}`]);
  });

  it('when the watch first runs after the deadline, then only the breach is sent (a warning after the breach would say nothing new)', async () => {
    await start();
    const { ref, id } = await submit();
    clock.at(50);
    await watch();
    await watch();
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'sla_breach' && x.ref === ref));
    await settle();
    expect(await logged(id, 'sla_warning')).toBe(0);
    expect(await logged(id, 'sla_breach')).toBe(1);
    expect(app.smtp.ofKind('sla_warning')).toHaveLength(0);
  });

  it('when two worker hosts run the watch at once (scheduled jobs and direct runs), then every brief gets exactly one warning and one breach', async () => {
    await start({ workers: false });
    const schedule = { slaWatchEveryMs: 150, reconcileEveryMs: 500, reconcileGraceMs: 2000 };
    extraHosts.push(await startWorkers(app.services, schedule), await startWorkers(app.services, schedule));
    const briefs = [];
    for (let i = 0; i < 5; i++) briefs.push(await submit(`org${i}`));
    const refs = briefs.map((b) => b.ref).sort();

    for (const [hours, kind] of [[36.5, 'sla_warning'], [48.5, 'sla_breach']] as const) {
      clock.at(hours);
      await Promise.all([watch(), watch(), watch(), watch()]);
      await app.smtp.waitFor((m) => m.filter((x) => x.kind === kind).length >= briefs.length);
      await sleep(1000); // several more scheduler ticks on both hosts
      await settle();
      expect(app.smtp.ofKind(kind).map((m) => m.ref).sort()).toEqual(refs);
      for (const b of briefs) expect(await logged(b.id, kind)).toBe(1);
    }
  });

  it('when the worker host runs, then the SLA watch fires on its own through the BullMQ scheduler, and the scheduler comes back after Redis loses it', async () => {
    await start({ workers: false });
    extraHosts.push(await startWorkers(app.services, { slaWatchEveryMs: 200, schedulerRefreshEveryMs: 300, reconcileEveryMs: 500, reconcileGraceMs: 2000 }));
    const { ref } = await submit();
    expect(await app.services.queues.maintenance.getJobScheduler(SCHEDULER_IDS.slaWatch)).toBeTruthy();
    expect(await app.services.queues.maintenance.getJobScheduler(SCHEDULER_IDS.rateReminders)).toBeTruthy();

    clock.at(36);
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'sla_warning' && x.ref === ref));

    // Redis losing its data takes the schedulers with it; the periodic re-registration restores them.
    await app.services.queues.maintenance.removeJobScheduler(SCHEDULER_IDS.slaWatch);
    await app.services.queues.maintenance.removeJobScheduler(SCHEDULER_IDS.rateReminders);
    for (let i = 0; i < 100 && !(await app.services.queues.maintenance.getJobScheduler(SCHEDULER_IDS.slaWatch)); i++) await sleep(50);
    expect(await app.services.queues.maintenance.getJobScheduler(SCHEDULER_IDS.slaWatch)).toBeTruthy();
    expect(await app.services.queues.maintenance.getJobScheduler(SCHEDULER_IDS.rateReminders)).toBeTruthy();

    clock.at(48);
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'sla_breach' && x.ref === ref));
    await settle();
    expect(app.smtp.ofKind('sla_warning')).toHaveLength(1);
    expect(app.smtp.ofKind('sla_breach')).toHaveLength(1);
    expect(await app.services.queues.maintenance.getJobSchedulersCount()).toBe(Object.keys(SCHEDULER_IDS).length);
  });

  it('when a poisoned maintenance job (unknown task) arrives, then it fails without retry and the watch goes on', async () => {
    await start({ workers: false });
    extraHosts.push(await startWorkers(app.services, { slaWatchEveryMs: 200, reconcileEveryMs: 500, reconcileGraceMs: 2000 }));
    const poison = await app.services.queues.maintenance.add(QUEUE_NAMES.maintenance, { task: 'drop-tables' } as never);
    for (let i = 0; i < 100 && (await poison.getState()) !== 'failed'; i++) await sleep(50);
    expect(await poison.getState()).toBe('failed');
    expect((await app.services.queues.maintenance.getJob(poison.id!))!.attemptsMade).toBe(1);

    const { ref } = await submit();
    clock.at(40);
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'sla_warning' && x.ref === ref));
  });
});
