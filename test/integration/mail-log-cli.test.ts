import { startTestApp, type TestApp } from '../support/test-app';
import { addStaff, Browser, confirmLink, csrfOf } from './venue-portal-support';
import { mailLogCli } from '../../src/cli/mail-log';
import { MailStore } from '../../src/mail/mail-store';

async function cli(app: TestApp, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += t) };
  const code = await mailLogCli(args, { DATABASE_URL: app.database.url, ...env }, io);
  return { code, out };
}

async function askForLink(app: TestApp, email: string): Promise<number> {
  const browser = new Browser(app.baseUrl);
  const form = await (await browser.get('/auth/sign-in')).text();
  expect((await browser.post('/auth/sign-in', { _csrf: csrfOf(form), email })).status).toBe(200);
  for (let i = 0; i < 100; i++) {
    const [mail] = (await new MailStore(app.services.db).listRecent(5, { kind: 'login_link' })).filter((m) => m.status === 'delivered');
    if (mail) return mail.id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the login e-mail was never recorded');
}

describe('npm run mail-log and sign-in links (SPEC §11)', () => {
  let app: TestApp;
  afterEach(async () => app.stop());

  it('when SMTP_URL is unset, then the first admin can read a still-unused link there once; used, it is no longer shown', async () => {
    app = await startTestApp({ env: { SMTP_URL: '' } });
    await addStaff(app, 'first@hub.example', 'hub_admin');
    const id = await askForLink(app, 'first@hub.example');

    const shown = await cli(app, [String(id)]);
    expect(shown.code).toBe(0);
    const link = /https?:\/\/\S+(\/auth\/link\/[A-Za-z0-9_-]+)/.exec(shown.out)![1]!;
    expect(link).not.toContain('REDACTED');
    expect((await confirmLink(new Browser(app.baseUrl), link)).status).toBe(303);

    const after = await cli(app, [String(id)]);
    expect(after.out).toContain('SIGN-IN-LINK-REDACTED');
    expect(after.out).toMatch(/has been used, replaced or has expired/);
  });

  it('when SMTP_URL is set, then the command line shows the redacted copy only', async () => {
    app = await startTestApp();
    await addStaff(app, 'first@hub.example', 'hub_admin');
    const id = await askForLink(app, 'first@hub.example');
    const shown = await cli(app, [String(id)], { SMTP_URL: 'smtp://127.0.0.1:1' });
    expect(shown.out).toContain('/auth/link/SIGN-IN-LINK-REDACTED');
    expect(shown.out).not.toMatch(/\/auth\/link\/(?!SIGN-IN-LINK-REDACTED)[A-Za-z0-9_-]{20,}/);
  });

  it('when logged text holds terminal control characters, then they are printed as visible escapes', async () => {
    app = await startTestApp({ workers: false });
    const store = new MailStore(app.services.db);
    const id = await store.insertOnce(
      { dedupeKey: 'x', kind: 'brief_received', recipient: 'a@example.org', briefId: null, quoteVersion: null, supplierId: null, subject: 'Hi \x1b]0;pwned\x07', html: '', text: 'Body \x1b[2J\x9b1m end\nnext line' },
      app.services.clock.now(),
    );
    const list = await cli(app, []);
    const one = await cli(app, [String(id)]);
    for (const out of [list.out, one.out]) {
      expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      expect(out).toContain('\\x1b');
    }
    expect(one.out).toContain('\\x07');
    expect(one.out).toContain('end\nnext line');
  });
});
