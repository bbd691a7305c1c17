import { sendObservatoryDigests, type DigestDeps } from '../../src/observatory/observatory-digest';
import { digestMonth } from '../../src/observatory/observatory-digest';
import { startTestApp, type TestApp } from '../support/test-app';
import { PROCESS_CLOCK, spawnEntry, type AppProcess } from '../support/processes';
import { insertObsBrief, seedObservatory } from './observatory-fixtures';

/** The monthly observatory_digest e-mail (SPEC §10): once per supplier and month, whatever runs it. */

async function addSuppliers(app: TestApp): Promise<void> {
  await app.services.db('suppliers').insert([
    { supplier_id: 'OWNV', name: 'Own Venue', kind: 'hotel', city: 'Marseille', email: 'ownv@example.org', accessible: true, active: true },
    { supplier_id: 'OTHER', name: 'Other Venue', kind: 'convention_centre', city: 'Nice', email: 'other@example.org', accessible: true, active: true, digest_language: 'en' },
    { supplier_id: 'GONE', name: 'Closed Venue', kind: 'hotel', city: 'Gap', email: 'gone@example.org', accessible: true, active: false },
  ]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('observatory digest', () => {
  const NOW = new Date('2027-04-15T10:00:00.000Z');
  let app: TestApp;

  afterEach(async () => {
    await app?.stop();
  });

  test('when two runs race and the scheduled job runs too, then each active supplier gets one digest of March, in its language', async () => {
    app = await startTestApp({ clock: { now: () => NOW } });
    await app.stopWorkers();
    await addSuppliers(app);
    await seedObservatory(app.services.db);
    // Interleaved on one pool: on PostgreSQL its connections run them side by side; on SQLite (one
    // connection, a synchronous driver) separate processes race, in the test below.
    const deps: DigestDeps = { db: app.services.db, renderer: app.services.renderer, config: app.services.config, clock: app.services.clock, logger: app.services.logger };
    const runs = await Promise.all([sendObservatoryDigests(deps), sendObservatoryDigests(deps)]);
    expect(runs.map((r) => r.month)).toEqual(['2027-03', '2027-03']);
    expect(runs[0]!.queued + runs[1]!.queued).toBe(2);
    expect(runs.every((r) => r.failed === 0)).toBe(true);
    // The workers start again and their scheduler runs the observatory task at once: nothing new.
    await app.startWorkers();
    const mails = await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'observatory_digest').length >= 2);
    await sleep(1500);
    expect(app.smtp.ofKind('observatory_digest')).toHaveLength(2);
    expect(mails.filter((m) => m.kind === 'observatory_digest').map((m) => m.to).sort()).toEqual(['other@example.org', 'ownv@example.org']);
    const logged = await app.services.db('mail_log').where({ kind: 'observatory_digest' }).select('supplier_id');
    expect(logged.map((r: { supplier_id: string }) => r.supplier_id).sort()).toEqual(['OTHER', 'OWNV']);

    const fr = app.smtp.ofKind('observatory_digest').find((m) => m.to === 'ownv@example.org')!;
    expect(fr.subject).toBe('Observatoire PCE : la demande en mars 2027');
    expect(fr.html).toContain('<html lang="fr">');
    expect(fr.text).toContain('- Demandes\u00a0: 13');
    expect(fr.text).toContain('- Budget par participant, médiane (Q1 – Q3)\u00a0: 100,00');
    expect(fr.text).toContain('Vos contacts (Own Venue)\n3 demande(s) transmise(s), dont 2 avec l’intérêt de l’organisateur.');
    expect(fr.text).toContain('- Marseille\u00a0: 7');
    expect(fr.text).not.toContain('Nice');
    expect(fr.text).toContain(`${app.services.config.publicUrl}/observatory?from=2027-03&to=2027-03`);

    const en = app.smtp.ofKind('observatory_digest').find((m) => m.to === 'other@example.org')!;
    expect(en.subject).toBe('PCE observatory: demand in March 2027');
    expect(en.text).toContain('Your leads (Other Venue)\n5 lead(s), 2 with the organiser’s interest.');
    expect(en.html).toContain('Capacity: 1 brief(s)');
    expect(en.parsed.headers.get('x-pce-kind')).toBe('observatory_digest');

    // Run again in the same month: nothing. A month without briefs: nothing either.
    const again = await sendObservatoryDigests({ db: app.services.db, renderer: app.services.renderer, config: app.services.config, clock: app.services.clock, logger: app.services.logger });
    expect(again.queued).toBe(0);
    const quiet = await sendObservatoryDigests({ db: app.services.db, renderer: app.services.renderer, config: app.services.config, clock: { now: () => new Date('2027-08-15T10:00:00Z') }, logger: app.services.logger });
    expect(quiet).toEqual({ month: '2027-07', queued: 0, failed: 0 });
  }, 60_000);

  describe('across worker processes', () => {
    const procs: AppProcess[] = [];
    afterEach(async () => {
      await Promise.all(procs.splice(0).map((p) => p.kill9()));
    });

    test('when two worker processes run the observatory task every second, then each active supplier gets last month’s digest once', async () => {
      app = await startTestApp({ workers: false, clock: PROCESS_CLOCK });
      await addSuppliers(app);
      // Five briefs in the month before the real current one: the processes use the real clock.
      const month = digestMonth(PROCESS_CLOCK.now());
      const received = new Date(month.start.getTime() + 9 * 86_400_000 + 10 * 3_600_000).toISOString();
      for (let i = 0; i < 5; i++) await insertObsBrief(app.services.db, { receivedAt: received, destinations: ['Marseille'], attendees: 50 + i, perAttendeeEur: 90, leadDays: 60 });

      const env = {
        DATABASE_URL: app.database.url,
        REDIS_URL: app.services.redisUrl,
        QUEUE_PREFIX: app.services.queuePrefix,
        SMTP_URL: `smtp://127.0.0.1:${app.smtp.port}`,
        HUB_EMAIL: 'hub@example.org',
        OBSERVATORY_SECONDS: '1',
      };
      procs.push(spawnEntry('worker', env), spawnEntry('worker', env));
      await Promise.all(procs.map((p) => p.waitForLog(/worker started/)));
      await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'observatory_digest').length >= 2, 30_000);
      await sleep(5000); // several more ticks of both processes
      const digests = app.smtp.ofKind('observatory_digest');
      expect(digests.map((m) => m.to).sort()).toEqual(['other@example.org', 'ownv@example.org']);
      const [{ n }] = (await app.services.db('mail_log').where({ kind: 'observatory_digest' }).count({ n: '*' })) as { n: number | string }[];
      expect(Number(n)).toBe(2);
    }, 90_000);
  });
});
