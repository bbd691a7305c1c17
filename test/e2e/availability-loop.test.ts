import type { Browser, BrowserContextOptions } from 'playwright-core';
import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { artifactPath, launchBrowser } from '../support/browser';
import { scrollWidth, seriousAxeViolations } from '../support/axe';
import { addStaff } from '../integration/venue-portal-support';
import { TABLES } from '../../src/platform/tables';
import type { ReceivedMail } from '../support/smtp-sink';
import { addDays, movableClock } from '../support/clock';

/**
 * Issue 14 (§9.1–9.5) in a real Chromium, by clicking like people: the organiser opens the
 * online quote from the draft e-mail and says option 1 interests them → the venue confirms from
 * the link in its availability e-mail → the caterer signs in from its e-mailed link and confirms
 * in the portal → the organiser books from the "available and held" e-mail → the day after the
 * event the organiser gives a score from the survey e-mail → the hub's funnel shows the booked
 * brief and the desk its requests and hold. On a phone and a
 * desktop, in French and in English; every page passes axe-core and does not scroll sideways.
 */
const VIEWPORTS: { name: string; options: BrowserContextOptions }[] = [
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } },
  { name: 'desktop', options: { viewport: { width: 1366, height: 900 } } },
];

const WORDS = {
  fr: {
    interested: 'Cette proposition m’intéresse',
    confirm: 'Confirmer la disponibilité',
    confirmed: 'votre disponibilité est confirmée',
    book: 'Réserver l’option 1',
    booked: 'Réservé',
    held: 'sous option pour vous',
    submitScore: 'Envoyer ma note',
    recorded: 'votre note de 8 sur 10 est enregistrée',
  },
  en: {
    interested: 'This option interests me',
    confirm: 'Confirm availability',
    confirmed: 'your availability is confirmed',
    book: 'Book option 1',
    booked: 'Booked',
    held: 'held for you',
    submitScore: 'Send my score',
    recorded: 'your score of 8 out of 10 is recorded',
  },
} as const;

const linkIn = (mail: ReceivedMail, pattern: RegExp) => new URL(pattern.exec(mail.text)![1]!);

describe('the availability loop in a browser', () => {
  let browser: Browser;
  let app: TestApp;

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await app?.stop();
  });

  for (const lang of ['fr', 'en'] as const) {
    for (const { name, options } of VIEWPORTS) {
      const width = options.viewport!.width;
      it(`when a ${lang} organiser on a ${name} picks an option, the venue confirms from its e-mail and the caterer from the portal, then the organiser books from the e-mail, scores the event and the hub sees it booked`, async () => {
        const clock = movableClock('2027-01-15T09:00:00Z');
        app = await startTestApp({ clock });
        await seedSmallCatalogue(app.services);
        await addStaff(app, 'chef@traiteur.example', 'venue_staff', ['TRAITEUR'], 'Chef');
        await addStaff(app, 'marc@palais.example', 'venue_staff', ['PALAIS'], 'Marc');
        await app.services.db(TABLES.staffUsers).update({ language: lang });
        await addStaff(app, 'hub@staff.example', 'hub_staff', [], 'Hub Person');
        const w = WORDS[lang];
        const brief = validBrief({ organiser: { name: 'Ada Martin', email: 'ada@example.org', language: lang } }, clock);
        const res = await postBrief(app, brief);
        const { ref } = (await res.json()) as { ref: string };
        await app.waitForStatus(ref, ['sent']);

        const context = await browser.newContext({ ...options, locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        const problems: string[] = [];
        const check = async (step: string) => {
          problems.push(...(await seriousAxeViolations(page, step)));
          expect(await scrollWidth(page)).toBeLessThanOrEqual(width);
          await page.screenshot({ path: artifactPath(`availability-${lang}-${name}-${step}.png`), fullPage: true });
        };
        const open = (url: URL) => page.goto(app.baseUrl + url.pathname + url.search + url.hash);
        try {
          // 1. The organiser, from the draft-quote e-mail.
          const draft = (await app.smtp.waitFor((m) => m.some((x) => x.kind === 'draft_quote' && x.ref === ref))).find((x) => x.kind === 'draft_quote')!;
          await open(linkIn(draft, /(https?:\/\/\S+\/q\/[A-Za-z0-9_-]{20,})/));
          await check('quote');
          await Promise.all([page.waitForURL(/interest=1/), page.getByRole('button', { name: w.interested }).first().click()]);
          await check('interested');

          // 2. The venue, from the link in its availability_request e-mail.
          const toVenue = (await app.smtp.waitFor((m) => m.some((x) => x.kind === 'availability_request' && x.to === 'palais@example.org'))).find((x) => x.kind === 'availability_request' && x.to === 'palais@example.org')!;
          await open(linkIn(toVenue, /(https?:\/\/\S+\/a\/[A-Za-z0-9_-]{20,}\?do=confirm)/));
          await check('venue-request');
          await page.getByRole('button', { name: w.confirm }).click();
          await expect(page.getByRole('status').filter({ hasText: w.confirmed }).count()).resolves.toBe(1);
          await check('venue-confirmed');

          // 3. The caterer, signed in from its e-mailed link, in the portal.
          const staffPage = await context.newPage();
          await staffPage.goto(`${app.baseUrl}/venue/TRAITEUR`);
          await staffPage.locator('input[type=email]').fill('chef@traiteur.example');
          await staffPage.locator('form[action="/auth/sign-in"] button[type=submit]').click();
          const login = (await app.smtp.waitFor((m) => m.some((x) => x.kind === 'login_link' && x.to === 'chef@traiteur.example'))).find((x) => x.kind === 'login_link')!;
          await staffPage.goto(app.baseUrl + linkIn(login, /(https?:\/\/\S+\/auth\/link\/[A-Za-z0-9_-]+)/).pathname);
          await Promise.all([staffPage.waitForURL(`${app.baseUrl}/venue/TRAITEUR`), staffPage.locator('main form button[type=submit]').first().click()]);
          const request = staffPage.locator('#requests');
          await request.getByRole('button', { name: w.confirm }).click();
          await staffPage.waitForURL(/answered=confirmed/);
          problems.push(...(await seriousAxeViolations(staffPage, 'portal')));
          await staffPage.close();

          // 4. The organiser books from the "available and held" e-mail.
          const held = (await app.smtp.waitFor((m) => m.some((x) => x.kind === 'availability_confirmed' && x.ref === ref))).find((x) => x.kind === 'availability_confirmed')!;
          expect(held.text).toContain(w.held);
          await open(linkIn(held, /(https?:\/\/\S+\/q\/[A-Za-z0-9_-]{20,}#book)/));
          await check('book');
          await Promise.all([page.waitForURL(/booked=1/), page.getByRole('button', { name: w.book }).click()]);
          await expect(page.getByRole('status').filter({ hasText: w.booked }).count()).resolves.toBe(1);
          await check('booked');
          expect(((await app.services.db(TABLES.briefs).where({ ref }).first('status')) as { status: string }).status).toBe('booked');
          await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'booking_confirmed' && x.ref === ref).length === 2);

          // 5. The day after the event, the survey e-mail (the scheduled task, run by the worker): 8 in one click.
          clock.set(`${addDays(brief.event.end_date, 1)}T09:00:00Z`);
          await app.services.queues.maintenance.add('satisfaction-survey', { task: 'satisfaction-survey' });
          const survey = (await app.smtp.waitFor((m) => m.some((x) => x.kind === 'satisfaction_survey' && x.ref === ref))).find((x) => x.kind === 'satisfaction_survey')!;
          await open(linkIn(survey, /^8: (https?:\/\/\S+\/survey\/\S+)$/m));
          await check('survey');
          await page.getByRole('button', { name: w.submitScore }).click();
          await page.getByText(w.recorded).waitFor();
          await check('survey-recorded');

          // 6. The hub desk lists the requests and the hold, now booked, and the funnel counts it (staff pages are in English).
          // A browser of its own: the caterer's session lives in the organiser's context above.
          const hubContext = await browser.newContext(options);
          const hubPage = await hubContext.newPage();
          hubPage.setDefaultTimeout(10_000);
          await hubPage.goto(`${app.baseUrl}/hub/briefs/${ref}`);
          await hubPage.locator('input[type=email]').fill('hub@staff.example');
          await hubPage.locator('form[action="/auth/sign-in"] button[type=submit]').click();
          const hubLogin = (await app.smtp.waitFor((m) => m.some((x) => x.kind === 'login_link' && x.to === 'hub@staff.example'))).find((x) => x.kind === 'login_link' && x.to === 'hub@staff.example')!;
          await hubPage.goto(app.baseUrl + linkIn(hubLogin, /(https?:\/\/\S+\/auth\/link\/[A-Za-z0-9_-]+)/).pathname);
          await Promise.all([hubPage.waitForURL(`${app.baseUrl}/hub/briefs/${ref}`), hubPage.locator('main form button[type=submit]').first().click()]);
          const section = hubPage.locator('#availability');
          await expect(section.locator('td').filter({ hasText: 'TRAITEUR' }).count()).resolves.toBe(1);
          await expect(section.locator('li').filter({ hasText: 'AUDI' }).filter({ hasText: 'booked' }).count()).resolves.toBe(1);
          problems.push(...(await seriousAxeViolations(hubPage, 'desk')));
          expect(await scrollWidth(hubPage)).toBeLessThanOrEqual(width);
          await hubPage.goto(`${app.baseUrl}/hub?from=2027-01-01&to=2027-01-31`);
          expect(await hubPage.locator('#funnel-total td.booked').textContent()).toBe('1');
          // The whole loop in one row: received, quoted, interested, confirmed and booked; both suppliers answered; scored 8.
          const row = (await hubPage.locator('#funnel-total tbody tr').first().locator('td').allTextContents()).map((c) => c.trim());
          expect(row.slice(0, 5)).toEqual(['1', '1', '1', '1', '1']);
          expect(row[9]).toMatch(/^8(\.0)? \/ 8(\.0)? \(1\)$/);
          problems.push(...(await seriousAxeViolations(hubPage, 'funnel')));
          await hubContext.close();
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      }, 90_000);
    }
  }
});
