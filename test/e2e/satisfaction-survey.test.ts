import type { Browser, BrowserContextOptions } from 'playwright-core';
import { postBrief, startTestApp, type TestApp } from '../support/test-app';
import { artifactPath, launchBrowser } from '../support/browser';
import { seriousAxeViolations } from '../support/axe';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import type { Clock } from '../../src/platform/clock';
import { TABLES } from '../../src/platform/tables';
import { sendSatisfactionSurveys } from '../../src/briefs/satisfaction-survey';
import { bookBrief } from '../integration/lifecycle-fixtures';
import { addStaff, signIn } from '../integration/venue-portal-support';

/**
 * SPEC §9.7–9.8 in Debian's Chromium: the day after a booked event, the organiser follows the score
 * link of the survey e-mail, confirms the pre-selected score, then leaves a comment; the hub's
 * funnel then shows the booked brief. Phone and desktop, French and English, axe-core on each page.
 */
const T0 = Date.parse('2027-01-04T08:00:00.000Z');
class TestClock implements Clock {
  t = T0;
  now(): Date {
    return new Date(this.t);
  }
}

const VIEWPORTS: { name: string; options: BrowserContextOptions }[] = [
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } },
  { name: 'desktop', options: { viewport: { width: 1366, height: 900 } } },
];

const WORDS = {
  fr: { locale: 'fr-FR', submit: 'Envoyer ma note', recorded: 'votre note de 8 sur 10 est enregistrée', comment: 'Souhaitez-vous nous dire quelque chose ? (facultatif)', send: 'Envoyer mon commentaire', done: 'Merci pour votre commentaire.' },
  en: { locale: 'en-GB', submit: 'Send my score', recorded: 'your score of 8 out of 10 is recorded', comment: 'Anything you would like to tell us? (optional)', send: 'Send my comment', done: 'Thank you for your comment.' },
} as const;

describe('the satisfaction survey and the funnel in a browser', () => {
  let browser: Browser;
  let app: TestApp;
  let clock: TestClock;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    clock = new TestClock();
    app = await startTestApp({ clock });
    await seedSmallCatalogue(app.services);
  });
  afterEach(async () => {
    await app.stop();
  });

  for (const lang of ['fr', 'en'] as const) {
    const w = WORDS[lang];
    for (const { name, options } of VIEWPORTS) {
      it(`when a ${lang === 'fr' ? 'French' : 'English'} organiser on a ${name} clicks 8 in the survey e-mail, then the score and a comment are recorded once and the hub funnel shows one booked brief`, async () => {
        // The event of 10–12 March 2027, on this test's clock (January 2027).
        const res = await postBrief(app, validBrief({ organiser: { name: 'Ada Martin', email: 'ada@example.org', language: lang }, event: { ...validBrief().event, start_date: '2027-03-10', end_date: '2027-03-12' } }));
        const { ref } = (await res.json()) as { ref: string };
        await app.waitForStatus(ref, ['sent']);
        const id = (await app.services.stores.briefs.findByRef(ref))!.id;
        await bookBrief(app.services.db, id, clock.now());
        clock.t = Date.parse('2027-03-13T09:00:00.000Z'); // the day after the event (10 to 12 March)
        await sendSatisfactionSurveys({ db: app.services.db, clock, renderer: app.services.renderer, config: app.services.config });
        const mails = await app.smtp.waitFor((all) => all.some((m) => m.kind === 'satisfaction_survey'));
        const mail = mails.find((m) => m.kind === 'satisfaction_survey')!;

        const context = await browser.newContext({ ...options, locale: w.locale });
        const page = await context.newPage();
        try {
          // The e-mail as the organiser's mail client shows it; its links point at PUBLIC_URL, which is this app.
          await page.setContent(mail.html.replace(/http:\/\/localhost:\d+/g, app.baseUrl));
          await page.getByRole('link', { name: /^8$|8 sur 10|8 out of 10/ }).click();
          await page.waitForURL((url) => url.pathname.startsWith('/survey/'));
          expect(await page.locator('input[name="score"][value="8"]').isChecked()).toBe(true);
          expect(await app.services.db(TABLES.satisfactionResponses).where({ brief_id: id })).toHaveLength(0);
          expect(await seriousAxeViolations(page, 'confirm')).toEqual([]);
          await page.screenshot({ path: artifactPath(`survey-${lang}-${name}-confirm.png`), fullPage: true });

          await page.getByRole('button', { name: w.submit }).click();
          await page.getByText(w.recorded).waitFor();
          expect(await seriousAxeViolations(page, 'comment')).toEqual([]);
          await page.getByLabel(w.comment).fill('Tout était parfait / all perfect');
          await page.getByRole('button', { name: w.send }).click();
          await page.getByText(w.done).waitFor();
          expect(await seriousAxeViolations(page, 'done')).toEqual([]);
          expect(await page.locator('html').getAttribute('lang')).toBe(lang);
          await page.screenshot({ path: artifactPath(`survey-${lang}-${name}-done.png`), fullPage: true });
          expect(await app.services.db(TABLES.satisfactionResponses).where({ brief_id: id }).select('score', 'comment')).toEqual([{ score: 8, comment: 'Tout était parfait / all perfect' }]);

          // The hub's funnel for January (when the brief was received): one booked brief.
          await addStaff(app, 'hub@example.org', 'hub_staff');
          const { browser: session } = await signIn(app, 'hub@example.org');
          await context.addCookies([...session.cookies].map(([cookieName, value]) => ({ name: cookieName, value, url: app.baseUrl })));
          await page.goto(`${app.baseUrl}/hub?from=2027-01-01&to=2027-01-31`);
          await page.locator('#funnel').scrollIntoViewIfNeeded();
          expect(await page.locator('#funnel-total td.booked').textContent()).toBe('1');
          expect(await page.locator('#survey-comments').textContent()).toContain('8 / 10');
          expect(await seriousAxeViolations(page, 'funnel')).toEqual([]);
          await page.screenshot({ path: artifactPath(`funnel-${lang}-${name}.png`), fullPage: true });
        } finally {
          await context.close();
        }
      }, 90_000);
    }
  }
});
