import { catalogue, hire, rate, space, venue } from '../support/catalogue-factory';
import type { TestApp } from '../support/test-app';
import type { StaffRole } from '../../src/auth/staff-store';
import { storesFor } from '../../src/stores';

/** A cookie-keeping client that does not follow redirects, like a browser tab we can inspect. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.baseUrl + path, { redirect: 'manual', ...init, headers: { ...(cookie ? { cookie } : {}), ...(init.headers ?? {}) } });
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(path, { headers });
  }

  post(path: string, form: Record<string, string>): Promise<Response> {
    return this.fetch(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  }
}

/** The `_csrf` of the first form (or of the first form posting to `action`): the layout's sign-out form comes first. */
export function csrfOf(html: string, action?: string): string {
  const from = action ? html.indexOf(`action="${action}"`) : 0;
  const m = /name="_csrf" value="([^"]+)"/.exec(html.slice(Math.max(from, 0)));
  if (!m) throw new Error('no _csrf field on the page');
  return m[1]!;
}

export async function addStaff(app: TestApp, email: string, role: StaffRole, supplierIds: string[] = [], name = 'Test Person'): Promise<void> {
  await app.services.stores.staff.createUser({ email, name, role, supplierIds }, app.services.clock.now());
}

/** Asks for a link through the form and returns the link from the e-mail that really arrived. */
export async function requestLink(app: TestApp, browser: Browser, email: string, next?: string): Promise<string> {
  const before = app.smtp.ofKind('login_link').filter((m) => m.to === email).length;
  const form = await (await browser.get('/auth/sign-in')).text();
  const res = await browser.post('/auth/sign-in', { _csrf: csrfOf(form, '/auth/sign-in'), email, ...(next ? { next } : {}) });
  if (res.status !== 200) throw new Error(`sign-in request answered ${res.status}`);
  const mails = await app.smtp.waitFor((all) => all.filter((m) => m.kind === 'login_link' && m.to === email).length > before);
  const mail = mails.filter((m) => m.kind === 'login_link' && m.to === email)[before]!;
  const url = /(https?:\/\/\S+\/auth\/link\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  return new URL(url).pathname;
}

/** The full e-mailed-link flow: open the link, press the button. Returns the confirm response. */
export async function confirmLink(browser: Browser, linkPath: string): Promise<Response> {
  const page = await browser.get(linkPath);
  if (page.status !== 200) return page;
  return browser.post(linkPath, { _csrf: csrfOf(await page.text(), linkPath) });
}

/** Picks the language of the staff member's pages on /venue, as the form there does. */
export async function chooseLanguage(staff: { browser: Browser; csrf: string }, language: 'fr' | 'en'): Promise<void> {
  const res = await staff.browser.post('/venue/language', { _csrf: staff.csrf, language });
  if (res.status !== 303) throw new Error(`language choice answered ${res.status}`);
}

export async function signIn(app: TestApp, email: string): Promise<{ browser: Browser; csrf: string }> {
  const browser = new Browser(app.baseUrl);
  const res = await confirmLink(browser, await requestLink(app, browser, email));
  if (res.status !== 303) throw new Error(`sign-in confirm answered ${res.status}`);
  const venue = await browser.get('/venue');
  return { browser, csrf: csrfOf(await venue.text()) };
}

/** A second venue, in Nice, that venue staff of PALAIS must never see (rates confirmed at the app's clock). */
export async function seedOtherVenue(app: TestApp): Promise<void> {
  const other = catalogue({
    suppliers: [venue('OTHER', { name: 'Other Centre (test)', city: 'Nice' })],
    spaces: [space('OTHER', 'HALL', { theatre: 200 })],
    rates: [hire('OTHER', 'HALL', 300000), rate('OTHER', 'day_delegate', 5000)],
  });
  await app.services.db.transaction((trx) => storesFor(trx).suppliers.upsert(other, app.services.clock.now()));
}
