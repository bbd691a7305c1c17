import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { dumpAllValues, tokenCandidates } from '../support/database-dump';
import { addStaff, Browser, confirmLink, csrfOf, requestLink, signIn } from './venue-portal-support';
import { sha256Hex } from '../../src/platform/secrets';
import { StaffStore } from '../../src/auth/staff-store';
import { BriefStore } from '../../src/briefs/brief-store';
import type { Knex } from 'knex';

/** A string is a usable credential when it opens a sign-in link, an organiser's quote or a session. */
async function usableAs(db: Knex, candidate: string, now: Date): Promise<string | null> {
  const staff = new StaffStore(db);
  const link = await staff.findLoginToken(sha256Hex(candidate));
  if (link && !link.usedAt && Date.parse(link.expiresAt) > now.getTime()) return 'sign-in link';
  if (await new BriefStore(db).findByPublicToken(candidate)) return 'quote link';
  if (await staff.findSession(sha256Hex(candidate), now)) return 'session';
  return null;
}

async function usableIn(db: Knex, texts: string[], now: Date): Promise<string[]> {
  const found: string[] = [];
  for (const candidate of tokenCandidates(texts.join('\n'))) {
    const kind = await usableAs(db, candidate, now);
    if (kind) found.push(`${kind}: ${candidate}`);
  }
  return found;
}

describe('SPEC §11: links that let someone in are never stored or shown in clear', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
    await seedSmallCatalogue(app.services);
    await addStaff(app, 'admin@hub.example', 'hub_admin');
    await addStaff(app, 'staff@hub.example', 'hub_staff');
  });
  afterEach(async () => {
    await app.stop();
  });

  it('when hub staff ask for the admin’s sign-in link, then no page, JSON or table they can read holds a usable token, while the e-mail’s link still works', async () => {
    const { browser: staff } = await signIn(app, 'staff@hub.example');
    // The attack of issue 11: ask for the admin's link on the public form, then read the mail log.
    const adminLink = await requestLink(app, new Browser(app.baseUrl), 'admin@hub.example');
    const adminToken = adminLink.split('/').pop()!;

    const pages: string[] = [];
    const read = async (path: string) => {
      const res = await staff.get(path);
      expect(res.status).toBe(200);
      const body = await res.text();
      pages.push(body);
      return body;
    };
    const log = await read('/hub/mail');
    await read('/hub/mail?kind=login_link');
    for (const id of new Set([...log.matchAll(/href="\/hub\/mail\/(\d+)"/g)].map((m) => m[1]!))) {
      await read(`/hub/mail/${id}`);
      await read(`/hub/mail/${id}/html`);
    }
    expect(pages.join('\n')).toContain('SIGN-IN-LINK-REDACTED');
    pages.push(await (await app.api('/api/briefs/PCE-2099-000001')).text());
    const now = app.services.clock.now();
    expect(pages.join('\n')).not.toContain(adminToken);
    expect(await usableIn(app.services.db, pages, now)).toEqual([]);

    // A dump of every table of the database holds no usable token either.
    const dump = await dumpAllValues(app.services.db);
    expect(dump.filter((d) => d.value.includes(adminToken))).toEqual([]);
    expect(await usableIn(app.services.db, dump.map((d) => d.value), now)).toEqual([]);

    // The test could fail: the real e-mail's link does sign the admin in.
    const confirmed = await confirmLink(new Browser(app.baseUrl), adminLink);
    expect(confirmed.status).toBe(303);
  });

  it('when a draft quote is e-mailed, then the database keeps only hashes of the organiser’s link, and the e-mailed link opens the quote', async () => {
    const res = await postBrief(app, validBrief());
    expect(res.status).toBe(201);
    const { ref } = (await res.json()) as { ref: string };
    await app.waitForStatus(ref, ['sent']);
    const [mail] = await app.smtp.waitFor((all) => all.some((m) => m.kind === 'draft_quote'));
    const quoteMail = app.smtp.ofKind('draft_quote')[0] ?? mail!;
    const token = /\/q\/([A-Za-z0-9_-]+)/.exec(quoteMail.text)![1]!;
    expect(token).not.toBe('QUOTE-LINK-REDACTED');

    const dump = await dumpAllValues(app.services.db);
    expect(dump.filter((d) => d.value.includes(token))).toEqual([]);
    expect(await usableIn(app.services.db, dump.map((d) => d.value), app.services.clock.now())).toEqual([]);
    const brief = await app.services.db('briefs').where({ ref }).first('public_token');
    expect(brief.public_token).toMatch(/^[0-9a-f]{64}$/);

    const online = await fetch(`${app.baseUrl}/q/${token}`);
    expect(online.status).toBe(200);
    expect(await online.text()).toContain(ref);
    expect((await fetch(`${app.baseUrl}/q/QUOTE-LINK-REDACTED`)).status).toBe(404);
  });

  it('when a newer sign-in link is asked for, then the older unused one no longer signs in', async () => {
    const browser = new Browser(app.baseUrl);
    const first = await requestLink(app, browser, 'admin@hub.example');
    const second = await requestLink(app, browser, 'admin@hub.example');
    expect((await confirmLink(new Browser(app.baseUrl), first)).status).toBe(410);
    expect((await confirmLink(new Browser(app.baseUrl), second)).status).toBe(303);
  });

  it('when the sign-in form is posted, then the link-sent answer comes before any account work (same page for known and unknown addresses)', async () => {
    const browser = new Browser(app.baseUrl);
    const form = await (await browser.get('/auth/sign-in')).text();
    const known = await browser.post('/auth/sign-in', { _csrf: csrfOf(form), email: 'admin@hub.example' });
    const unknown = await browser.post('/auth/sign-in', { _csrf: csrfOf(form), email: 'nobody@hub.example' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(await known.text()).toBe(await unknown.text());
  });
});
