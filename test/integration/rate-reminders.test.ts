import { startTestApp, type TestApp } from '../support/test-app';
import { catalogue, supplier, venue } from '../support/catalogue-factory';
import { startWorkers, type WorkerHost } from '../../workers/worker-host';
import { sendRateReminders, isRateReminderDue } from '../../src/suppliers/rate-reminders';
import { TABLES } from '../../src/platform/tables';
import { steppedClock } from '../support/clock';
import { Browser, csrfOf } from './venue-portal-support';
import { storesFor } from '../../src/stores';

const DAY = 86_400_000;
const T0 = Date.parse('2027-01-04T08:00:00.000Z');


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rate reminders (monthly refresh)', () => {
  let app: TestApp;
  let clock: ReturnType<typeof steppedClock>;
  const extraHosts: WorkerHost[] = [];

  /**
   * RATE_STALE_DAYS 45, so a supplier is due a reminder once its rates are 38 days old:
   * SOON goes stale in 6 days, EDGE in exactly 7, LATER in 8; NEVER was never confirmed.
   */
  const start = async (options: { workers?: boolean } = {}) => {
    clock = steppedClock(T0, DAY); // clock.at(n): n days after T0
    app = await startTestApp({ clock, env: { RATE_STALE_DAYS: '45', PUBLIC_URL: 'https://fo.example.org' }, ...options });
    // One transaction: the worker host's scheduler may run the reminders job at any moment and
    // must never see the suppliers before their confirmation dates are set.
    await app.services.db.transaction(async (trx) => {
      const suppliers = storesFor(trx).suppliers;
      await suppliers.upsert(
        catalogue({
          suppliers: [
            venue('FRESH'),
            venue('SOON', { name: 'Palais des Congrès (test)' }),
            supplier('EDGE'),
            supplier('LATER'),
            supplier('NEVER', { kind: 'av' }),
            venue('GONE', { active: false }),
            supplier('GONE_NEVER', { active: false }),
          ],
        }),
        clock.now(),
      );
      const confirm = (id: string, daysAgo: number) => suppliers.confirmRates([id], new Date(T0 - daysAgo * DAY));
      await confirm('FRESH', 0);
      await confirm('SOON', 39);
      await confirm('EDGE', 38);
      await confirm('LATER', 37);
      await confirm('GONE', 100);
    });
  };
  afterEach(async () => {
    await Promise.all(extraHosts.splice(0).map((h) => h.close()));
    await app.stop();
  });

  const remind = () =>
    sendRateReminders({ db: app.services.db, renderer: app.services.renderer, config: app.services.config, clock: app.services.clock, logger: app.services.logger });
  /** How many reminders each supplier has had, from the mail log. */
  const remindersBySupplier = async () => {
    const rows = await app.services.db(TABLES.mailLog).where({ kind: 'rate_reminder' }).select('supplier_id');
    const counts: Record<string, number> = {};
    for (const r of rows as { supplier_id: string }[]) counts[r.supplier_id] = (counts[r.supplier_id] ?? 0) + 1;
    return counts;
  };
  const settle = async () => {
    for (let i = 0; i < 200; i++) {
      const pending = await app.services.db(TABLES.mailLog).whereIn('status', ['pending', 'sending']).count({ n: '*' });
      if (Number((pending[0] as { n: number | string }).n) === 0) break;
      await sleep(50);
    }
    await sleep(300);
  };

  it('when active suppliers have rates going stale within 7 days or never confirmed, then each gets one rate_reminder linking to its rates page, and fresh or inactive ones get none', async () => {
    await start();
    await remind();
    const mails = await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'rate_reminder').length >= 3);
    await settle();
    expect(await remindersBySupplier()).toEqual({ SOON: 1, EDGE: 1, NEVER: 1 });
    expect(app.smtp.ofKind('rate_reminder').map((m) => m.to).sort()).toEqual(['edge@example.org', 'never@example.org', 'soon@example.org']);

    const soon = mails.find((m) => m.to === 'soon@example.org')!;
    expect(soon.subject).toBe('The rates of Palais des Congrès (test) go stale on 10 January 2027');
    expect(soon.text).toContain('https://fo.example.org/venue/SOON#rates');
    expect(soon.html).toContain('href="https://fo.example.org/venue/SOON#rates"');
    expect(soon.text).toContain('last confirmed on 26 November 2026');
    expect(soon.ref).toBeUndefined();
    const never = mails.find((m) => m.to === 'never@example.org')!;
    expect(never.subject).toBe('Please confirm the rates of Supplier NEVER');
    expect(never.text).toContain('never been confirmed');
  });

  it('when a supplier has venue staff, then each of them gets the reminder with a link that signs them straight into the rates page, once', async () => {
    await start({ workers: true });
    await app.services.stores.staff.createUser({ email: 'claire@soon.example', name: 'Claire', role: 'venue_staff', supplierIds: ['SOON'] }, clock.now());
    await remind();
    const mails = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'rate_reminder' && x.to === 'claire@soon.example'));
    await settle();
    expect(await remindersBySupplier()).toEqual({ SOON: 1, EDGE: 1, NEVER: 1 });
    expect(app.smtp.ofKind('rate_reminder').map((m) => m.to)).not.toContain('soon@example.org');
    const mail = mails.find((m) => m.kind === 'rate_reminder' && m.to === 'claire@soon.example')!;
    expect(mail.text).toContain('signs you in');
    const link = new URL(/(https:\/\/fo\.example\.org\/auth\/link\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!).pathname;

    const browser = new Browser(app.baseUrl);
    const confirm = await browser.get(link);
    expect(confirm.status).toBe(200);
    const signedIn = await browser.post(link, { _csrf: csrfOf(await confirm.text(), link) });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/venue/SOON#rates');
    expect((await browser.get('/venue/SOON')).status).toBe(200);
    // Single use: the same link does not sign anyone in twice.
    const again = await new Browser(app.baseUrl).get(link);
    expect(again.status).toBe(410);
  });

  it('when the job runs again within the week, then no supplier gets a second reminder; after a week, then those still stale get another and those who confirmed do not', async () => {
    await start();
    await remind();
    await remind();
    expect(await remindersBySupplier()).toEqual({ SOON: 1, EDGE: 1, NEVER: 1 });

    clock.at(1); // LATER now goes stale within 7 days
    await remind();
    expect(await remindersBySupplier()).toEqual({ SOON: 1, EDGE: 1, NEVER: 1, LATER: 1 });

    clock.at(3);
    await app.services.stores.suppliers.confirmRates(['SOON'], clock.now()); // "rates unchanged"

    clock.at(7 - 1 / 1440);
    await remind();
    expect(await remindersBySupplier()).toEqual({ SOON: 1, EDGE: 1, NEVER: 1, LATER: 1 });

    clock.at(7);
    await remind();
    await remind();
    expect(await remindersBySupplier()).toEqual({ SOON: 1, EDGE: 2, NEVER: 2, LATER: 1 });

    clock.at(8);
    await remind();
    expect(await remindersBySupplier()).toEqual({ SOON: 1, EDGE: 2, NEVER: 2, LATER: 2 });

    await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'rate_reminder').length >= 7);
    await settle();
    expect(app.smtp.ofKind('rate_reminder')).toHaveLength(7);
    expect(app.smtp.ofKind('rate_reminder').filter((m) => m.to === 'fresh@example.org' || m.to.startsWith('gone'))).toHaveLength(0);
  });

  it('when two worker hosts and direct runs remind at once, then each due supplier gets exactly one reminder', async () => {
    await start({ workers: false });
    const schedule = { rateRemindersEveryMs: 150, reconcileEveryMs: 500, reconcileGraceMs: 2000 };
    extraHosts.push(await startWorkers(app.services, schedule), await startWorkers(app.services, schedule));
    await Promise.all([remind(), remind(), remind(), remind()]);
    await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'rate_reminder').length >= 3);
    await sleep(1000); // several more scheduler ticks on both hosts
    await settle();
    expect(await remindersBySupplier()).toEqual({ SOON: 1, EDGE: 1, NEVER: 1 });
    expect(app.smtp.ofKind('rate_reminder')).toHaveLength(3);
  });

  it('when the worker host runs, then reminders go out on their own through the BullMQ scheduler', async () => {
    await start({ workers: false });
    extraHosts.push(await startWorkers(app.services, { rateRemindersEveryMs: 200, reconcileEveryMs: 500, reconcileGraceMs: 2000 }));
    await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'rate_reminder').length >= 3);
    clock.at(1);
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'rate_reminder' && x.to === 'later@example.org'));
    await settle();
    expect(await remindersBySupplier()).toEqual({ SOON: 1, EDGE: 1, NEVER: 1, LATER: 1 });
  });

  it('when the rule is applied to one supplier, then it matches the SQL selection at its boundaries', () => {
    const now = new Date(T0);
    const confirmed = (daysAgo: number) => new Date(T0 - daysAgo * DAY).toISOString();
    expect(isRateReminderDue({ active: true, ratesConfirmedAt: confirmed(38) }, null, now, 45)).toBe(true);
    expect(isRateReminderDue({ active: true, ratesConfirmedAt: new Date(T0 - 38 * DAY + 1).toISOString() }, null, now, 45)).toBe(false);
    expect(isRateReminderDue({ active: true, ratesConfirmedAt: null }, null, now, 45)).toBe(true);
    expect(isRateReminderDue({ active: false, ratesConfirmedAt: null }, null, now, 45)).toBe(false);
    expect(isRateReminderDue({ active: true, ratesConfirmedAt: null }, confirmed(7), now, 45)).toBe(true);
    expect(isRateReminderDue({ active: true, ratesConfirmedAt: null }, new Date(T0 - 7 * DAY + 1).toISOString(), now, 45)).toBe(false);
  });
});
