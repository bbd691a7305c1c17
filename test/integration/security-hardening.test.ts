import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { addStaff, signIn } from './venue-portal-support';
import { TABLES } from '../../src/platform/tables';
import { ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY, deliverEmail } from '../../src/mail/deliver-email';
import { sha256Hex } from '../../src/platform/secrets';

describe('SPEC §11 hardening', () => {
  let app: TestApp;
  afterEach(async () => app.stop());

  it('when someone signed out posts a large body to a staff form, then it is not parsed: they are sent to sign in, not told it is too large', async () => {
    app = await startTestApp({ workers: false });
    const big = 'x='.concat('a'.repeat(3 * 1024 * 1024));
    for (const path of ['/venue/PALAIS/profile', '/hub/briefs/PCE-2027-000001/editor', '/hub/users']) {
      const res = await fetch(app.baseUrl + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big });
      expect([303, 401]).toContain(res.status);
    }
  });

  it('when staff pages and /auth pages answer, then they say Cache-Control: no-store', async () => {
    app = await startTestApp({ workers: false });
    await seedSmallCatalogue(app.services);
    await app.startWorkers();
    await addStaff(app, 'hub@hub.example', 'hub_admin');
    const { browser } = await signIn(app, 'hub@hub.example');
    for (const path of ['/hub', '/hub/mail', '/hub/users', '/venue', '/venue/PALAIS', '/auth/sign-in']) {
      const res = await browser.get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('when a notice name is one of Object’s own members (?saved=constructor), then no notice is shown, not "[object Object]" or a function', async () => {
    app = await startTestApp();
    await seedSmallCatalogue(app.services);
    await addStaff(app, 'hub@hub.example', 'hub_admin');
    const { browser } = await signIn(app, 'hub@hub.example');
    for (const path of ['/venue/PALAIS?saved=constructor', '/venue/PALAIS?saved=__proto__', '/hub/users?saved=toString', '/hub/users?saved=constructor']) {
      const res = await browser.get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).not.toMatch(/\[object Object\]|function Object|\[native code\]/);
    }
    expect(await (await browser.get('/venue/PALAIS?saved=profile')).text()).toContain('Profile saved.');
  });

  it('when many briefs name one address in a day, then only the first acknowledgements are sent, they echo no link, and every brief is still kept', async () => {
    app = await startTestApp();
    const victim = { name: 'Visit https://evil.example/win', email: 'victim@example.org', language: 'en' };
    const refs: string[] = [];
    for (let i = 0; i < ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY + 3; i++) {
      const res = await postBrief(app, validBrief({ organiser: victim, event: { ...validBrief().event, title: `Go to www.evil.example ${i}` } }));
      expect(res.status).toBe(201);
      refs.push(((await res.json()) as { ref: string }).ref);
    }
    const deadline = Date.now() + 20_000;
    for (;;) {
      const rows = (await app.services.db(TABLES.mailLog).where({ kind: 'brief_received' }).select('status')) as { status: string }[];
      if (rows.length === refs.length && rows.every((r) => r.status === 'delivered' || r.status === 'suppressed')) break;
      if (Date.now() > deadline) throw new Error('acknowledgements not settled');
      await new Promise((r) => setTimeout(r, 100));
    }
    const acks = app.smtp.ofKind('brief_received');
    expect(acks).toHaveLength(ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY);
    for (const mail of acks) {
      expect(mail.text).not.toMatch(/evil\.example|https?:\/\/evil|www\./);
      expect(mail.html).not.toMatch(/evil\.example/);
    }
    const suppressed = await app.services.db(TABLES.mailLog).where({ kind: 'brief_received', status: 'suppressed' }).count({ n: '*' });
    expect(Number((suppressed[0] as { n: unknown }).n)).toBe(3);
    expect(Number(((await app.services.db(TABLES.briefs).count({ n: '*' }))[0] as { n: unknown }).n)).toBe(refs.length);
  });

  it('when acknowledgements to one address are delivered all at once by several workers, then exactly the first ones logged go, whatever order the workers claim them in', async () => {
    app = await startTestApp({ workers: false });
    const at = app.services.clock.now();
    const ids = (await app.services.stores.mail.insertManyOnce(
      Array.from({ length: ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY + 3 }, (_, i) => ({
        dedupeKey: `ack-race-${i}`,
        kind: 'brief_received' as const,
        recipient: 'victim@example.org',
        briefId: null,
        quoteVersion: null,
        supplierId: null,
        subject: `Ack ${i}`,
        html: `<p>Ack ${i}</p>`,
        text: `Ack ${i}`,
      })),
      at,
    )) as number[];
    const deps = { db: app.services.db, mailer: app.services.mailer, mailFrom: app.services.config.mailFrom, clock: app.services.clock, logger: app.services.logger, onPermanentFailure: async () => undefined };
    // Latest first and all at once: each claims its row ("sending") while the others check.
    await Promise.all([...ids].reverse().map((id) => deliverEmail(deps, id, { isLast: false })));
    const rows = (await app.services.db(TABLES.mailLog).whereIn('id', ids).orderBy('id').select('status')) as { status: string }[];
    expect(rows.map((r) => r.status)).toEqual([...Array(ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY).fill('delivered'), 'suppressed', 'suppressed', 'suppressed']);
    expect(app.smtp.ofKind('brief_received').map((m) => m.subject).sort()).toEqual(['Ack 0', 'Ack 1', 'Ack 2', 'Ack 3', 'Ack 4']);
  });

  it('when the hourly purge runs, then expired sessions and sign-in links are deleted and live ones kept, and every worker registers the one schedule', async () => {
    app = await startTestApp();
    await addStaff(app, 'hub@hub.example', 'hub_admin');
    const user = (await app.services.stores.staff.findByEmail('hub@hub.example'))!;
    const now = app.services.clock.now();
    const past = new Date(now.getTime() - 60_000);
    const future = new Date(now.getTime() + 3_600_000);
    await app.services.stores.staff.createSession(sha256Hex('old'), user.id, 'c', past, past);
    await app.services.stores.staff.createSession(sha256Hex('live'), user.id, 'c', now, future);
    await app.services.stores.staff.addLoginToken(sha256Hex('old-link'), user.id, null, past);
    await app.services.stores.staff.addLoginToken(sha256Hex('live-link'), user.id, null, future);
    expect(await app.services.queues.maintenance.getJobScheduler('purge-expired')).toBeTruthy();

    await app.services.queues.maintenance.add('purge-expired', { task: 'purge-expired' });
    const deadline = Date.now() + 15_000;
    // The purge deletes sessions and links one after the other: wait for both before judging.
    const read = async () => ({
      sessions: (await app.services.db(TABLES.staffSessions).select('session_hash')).map((r: { session_hash: string }) => r.session_hash),
      links: (await app.services.db(TABLES.loginTokens).select('token_hash')).map((r: { token_hash: string }) => r.token_hash),
    });
    let left = await read();
    while (left.sessions.includes(sha256Hex('old')) || left.links.includes(sha256Hex('old-link'))) {
      if (Date.now() > deadline) throw new Error(`expired rows never purged: ${JSON.stringify(left)}`);
      await new Promise((r) => setTimeout(r, 100));
      left = await read();
    }
    expect(left).toEqual({ sessions: [sha256Hex('live')], links: [sha256Hex('live-link')] });
  });
});
