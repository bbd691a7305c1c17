import { readFileSync } from 'node:fs';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { artifactPath, launchBrowser } from '../support/browser';
import { regionCatalogue, seed } from '../integration/quote-fixtures';
import { pdfText } from '../support/pdf-text';
import { daysFromToday } from '../support/clock';

/**
 * Issue 12, done when: a French (then an English) organiser types a brief into the form in a real
 * Chromium, first gets it wrong and reads human messages with focus on the summary, then gets the
 * thank-you page, the draft-quote e-mail with its PDF through the real SMTP sink, opens the link from
 * that e-mail, and clicks "interested" on each option in turn, on a phone and on a desktop. Every
 * page is checked with axe-core (WCAG 2 A and AA) for serious or critical violations; screenshots of
 * each step land in test-artifacts/.
 */

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const VIEWPORTS: { name: string; options: BrowserContextOptions }[] = [
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } },
  { name: 'desktop', options: { viewport: { width: 1366, height: 900 } } },
];

/** What each language's organiser reads and types. */
const WORDS = {
  fr: {
    locale: 'fr-FR',
    heading: 'Parlez-nous de votre événement',
    name: 'Votre nom', email: 'E-mail', phone: 'Téléphone', title: 'Intitulé', start: 'Premier jour', end: 'Dernier jour',
    attendees: 'Participants', layout: 'Disposition de la salle plénière', lunches: 'Déjeuner chaque jour', dinners: 'Dîners (pour tous les participants)',
    notes: 'Autres précisions', submit: 'Envoyer ma demande', quoteLanguage: 'Langue du devis',
    summary: 'Merci de corriger 2 champs', emailError: 'Indiquez votre adresse e-mail, par exemple nom@exemple.fr', attendeesError: 'Indiquez un nombre de participants entre 1 et 5\u00a0000',
    thanks: 'Merci, nous avons bien reçu votre demande',
    eventTitle: 'Séminaire de direction', typedNotes: '3 fauteuils roulants, dîner vue mer',
    subject: /^Votre devis PCE-\d{4}-\d{6} : 2 propositions de lieux$/,
    quoteHeading: /^Devis PCE-/, unit: 'par personne et par jour', notesAnswer: 'Un conseiller vous répondra personnellement',
    interested: 'Cette proposition m’intéresse', confirmed: (rank: number) => `que la proposition ${rank} vous intéresse`, yourChoice: 'Votre choix',
    pdfTitle: 'Devis', pdfName: 'devis',
  },
  en: {
    locale: 'en-GB',
    heading: 'Tell us about your event',
    name: 'Your name', email: 'E-mail', phone: 'Phone', title: 'Title', start: 'First day', end: 'Last day',
    attendees: 'Attendees', layout: 'Plenary room layout', lunches: 'Lunch every day', dinners: 'Dinners (for all attendees)',
    notes: 'Anything else', submit: 'Send my brief', quoteLanguage: 'Language of the quote',
    summary: 'Please correct 2 fields', emailError: 'Enter your e-mail address, like name@example.org', attendeesError: 'Enter a number of attendees from 1 to 5,000',
    thanks: 'Thank you, we have your brief',
    eventTitle: 'Board offsite', typedNotes: '3 wheelchair users, sea-view dinner',
    subject: /^Your draft quote PCE-\d{4}-\d{6}: 2 venue options$/,
    quoteHeading: /^Quote PCE-/, unit: 'per person per day', notesAnswer: 'An advisor will answer you personally',
    interested: 'This option interests me', confirmed: (rank: number) => `that option ${rank} interests you`, yourChoice: 'Your choice',
    pdfTitle: 'Quote', pdfName: 'quote',
  },
} as const;

/** A control by its visible label, exactly; a required field's label ends in " *". */
function field(page: Page, label: string) {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
}

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
}

/** axe-core's WCAG 2 A/AA rules on the page as it stands: no serious or critical violation. */
async function expectAccessible(page: Page, step: string) {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) still holds for the page itself.
  await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } }).axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    }),
  )) as AxeResult;
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${step}: ${v.id} (${v.impact}) at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  expect(bad).toEqual([]);
}

async function expectNoHorizontalOverflow(page: Page, width: number) {
  const scrollWidth = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

describe('the organiser journey in a browser, in French and in English', () => {
  let browser: Browser;
  let app: TestApp;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    app = await startTestApp({ env: { HUB_NAME: 'Provence Business Events', HUB_ADVISOR: 'Camille Durand', HUB_PHONE: '+33 4 91 00 00 00' } });
    await seed(app.services, regionCatalogue());
  });
  afterEach(async () => {
    await app.stop();
  });

  for (const lang of ['fr', 'en'] as const) {
    const w = WORDS[lang];
    for (const { name, options } of VIEWPORTS) {
      const width = options.viewport!.width;
      const shot = (step: string) => artifactPath(`organiser-${lang}-${name}-${step}.png`);

      it(`when a ${lang === 'fr' ? 'French' : 'English'} organiser on a ${name} sends a brief, gets it wrong once, then reads the quote from the e-mail and picks each option, then every page speaks ${lang} and passes axe`, async () => {
        const context = await browser.newContext({ ...options, locale: w.locale });
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        const problems: string[] = [];
        page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
        page.on('pageerror', (e) => problems.push(e.message));
        page.on('response', (r) => {
          const expected = r.status() === 422 && r.request().method() === 'POST';
          if (r.status() >= 400 && !expected) problems.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
        });
        try {
          // 1. The form, in the browser's language, with the quote language following it.
          await page.goto(`${app.baseUrl}/briefs/new`);
          await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(w.heading);
          await expect(field(page, w.quoteLanguage).inputValue()).resolves.toBe(lang);
          await expectNoHorizontalOverflow(page, width);
          await expectAccessible(page, 'form');
          await page.screenshot({ path: shot('1-form'), fullPage: true });

          // 2. A bad brief: no e-mail, 0 attendees. Human messages, and the summary takes focus.
          await field(page, w.name).fill('Ada Martin');
          await field(page, w.phone).fill('+33 6 12 34 56 78');
          await field(page, w.title).fill(w.eventTitle);
          await field(page, w.start).fill(daysFromToday(90));
          await field(page, w.end).fill(daysFromToday(92));
          await field(page, w.attendees).fill('0');
          await field(page, w.layout).selectOption('theatre');
          await page.getByRole('group', { name: 'Destinations' }).first().getByLabel('Marseille', { exact: true }).check();
          await page.getByLabel(w.lunches).check();
          await field(page, w.dinners).fill('1');
          await field(page, w.notes).fill(w.typedNotes);
          await Promise.all([page.waitForResponse((r) => r.url().endsWith('/briefs') && r.request().method() === 'POST'), page.getByRole('button', { name: w.submit }).click()]);
          await page.waitForLoadState('load');
          await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === 'error-summary');
          const summary = page.locator('#error-summary');
          await expect(summary.textContent()).resolves.toContain(w.summary);
          await expect(summary.getByRole('link', { name: w.emailError }).getAttribute('href')).resolves.toBe('#f-organiser.email');
          await expect(summary.getByRole('link', { name: w.attendeesError }).getAttribute('href')).resolves.toBe('#f-event.attendees');
          await expect(page.locator('[id="e-organiser.email"]').textContent()).resolves.toBe(w.emailError);
          await expect(page.content()).resolves.not.toMatch(/must be|organiser\.email:/);
          await expectAccessible(page, 'form with errors');
          await page.screenshot({ path: shot('2-errors'), fullPage: true });

          // 3. Fixed: the thank-you page in the same language.
          await field(page, w.email).fill('ada@example.org');
          await field(page, w.attendees).fill('120');
          await Promise.all([page.waitForURL(/\/briefs\/received\//), page.getByRole('button', { name: w.submit }).click()]);
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(w.thanks);
          const ref = (await page.locator('.ref').textContent())!.trim();
          await expectAccessible(page, 'thank-you');
          await page.screenshot({ path: shot('3-thanks'), fullPage: true });

          // 4. The draft-quote e-mail, through the SMTP sink, in the organiser's language with the PDF attached.
          const mails = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'draft_quote' && x.ref === ref), 30_000);
          const mail = mails.find((x) => x.kind === 'draft_quote' && x.ref === ref)!;
          expect(mail.subject).toMatch(w.subject);
          expect(mail.text).toContain(w.typedNotes);
          expect(mail.text).toContain(w.notesAnswer);
          expect(mail.text).toContain('Camille Durand');
          const pdf = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf')!;
          expect(pdf.filename).toBe(`${w.pdfName}-${ref}.pdf`);
          const { text: pdfWords } = await pdfText(pdf.content);
          expect(pdfWords).toContain(`${w.pdfTitle} ${ref}`);
          expect(pdfWords).toContain('Palais du Pharo (test)');
          expect(pdfWords).toContain('Les Docks (test)');
          const mailView = await context.newPage(); // the e-mail as a mail app shows it (its own styles, outside the site's CSP)
          await mailView.setContent(mail.html);
          await mailView.screenshot({ path: shot('4-email'), fullPage: true });
          await mailView.close();

          // 5. The online quote, opened from the e-mail's own link.
          const link = /(https?:\/\/\S+\/q\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
          await page.goto(app.baseUrl + new URL(link).pathname);
          await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
          await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(w.quoteHeading);
          await expect(page.locator('main').textContent()).resolves.toContain(w.unit);
          await expect(page.locator('main').textContent()).resolves.toContain(w.notesAnswer);
          await expectNoHorizontalOverflow(page, width);
          await expectAccessible(page, 'online quote');
          await page.screenshot({ path: shot('5-quote'), fullPage: true });

          // 6. "Interested", on each option in turn: the page sends no referrer, so the browser posts Origin: null.
          const buttons = page.getByRole('button', { name: w.interested });
          await expect(buttons.count()).resolves.toBe(2);
          for (const rank of [1, 2]) {
            const option = page.locator(`#option-${rank}`);
            const [posted] = await Promise.all([
              page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/interest')),
              page.waitForURL((u) => u.searchParams.get('interest') === String(rank)),
              option.getByRole('button', { name: w.interested }).click(),
            ]);
            expect(await posted.headerValue('origin')).toBe('null');
            const notice = page.locator('.notice[role="status"]');
            await expect(notice.textContent()).resolves.toContain(w.confirmed(rank));
            await expect(option.locator('.chosen-mark').textContent()).resolves.toContain(w.yourChoice);
            await expectAccessible(page, `confirmation ${rank}`);
            await page.screenshot({ path: shot(`6-interest-${rank}`), fullPage: true });
          }
          const stored = await app.services.stores.briefs.findByRef(ref);
          expect(stored!.interestRank).toBe(2);
          expect(stored!.followUp?.open).toBe(true);
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      }, 90_000);
    }
  }
});
