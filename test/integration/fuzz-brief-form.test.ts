import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app';
import { TABLES } from '../../src/platform/tables';
import { LAYOUTS } from '../../src/core/catalogue-types';
import { briefToForm, formEntries, hostileFieldName, hostileText, prototypeIsClean, rowCounts, toUrlEncoded, validBriefArb } from '../support/arbitraries';

const TODAY = '2027-01-15';
const INTAKE_TABLES = [TABLES.briefs, TABLES.outbox, TABLES.mailLog] as const;

/** Fields that have an input of their own, so their error must be shown beside it. */
const FORM_FIELDS = new Set([
  'organiser.name', 'organiser.organisation', 'organiser.email', 'organiser.phone', 'organiser.language',
  'event.title', 'event.type', 'event.start_date', 'event.end_date', 'event.attendees', 'event.layout',
  'destinations', 'venue_types', 'accommodation.single_rooms', 'accommodation.double_rooms', 'accommodation.nights',
  'catering.lunches', 'catering.coffee_breaks_per_day', 'catering.dinners', 'av', 'budget_eur',
  'requirements.quality_label', 'requirements.accessible', 'non_negotiable', 'notes',
]);

type FormCase =
  | { kind: 'valid'; fields: [string, string][]; email: string }
  | { kind: 'refused'; fields: [string, string][]; email: string; field: string | null }
  | { kind: 'junk'; body: string; contentType: string };

/** One form field set to a value the schema must refuse, and the field that must carry the error (null: some field). */
const formMutation: fc.Arbitrary<{ name: string; value: string; field: string | null }> = fc.oneof(
  fc.constantFrom('0', '-3', '5001', '1.5', 'abc', '', '1e3', '١٢').map((value) => ({ name: 'event.attendees', value, field: 'event.attendees' })),
  hostileText.filter((v) => !(LAYOUTS as readonly string[]).includes(v)).map((value) => ({ name: 'event.layout', value, field: 'event.layout' })),
  hostileText.filter((v) => !/^\S+@\S+\.\S+$/.test(v)).map((value) => ({ name: 'organiser.email', value, field: 'organiser.email' })),
  fc.constantFrom('', '   ', '\t').map((value) => ({ name: 'organiser.name', value, field: 'organiser.name' })),
  fc.constantFrom('2027-02-30', '15/03/2027', 'soon', '', '2020-01-01').map((value) => ({ name: 'event.start_date', value, field: 'event.start_date' })),
  fc.constantFrom('-5', '0', 'lots', '1e12').map((value) => ({ name: 'budget_eur', value, field: 'budget_eur' })),
  fc.constantFrom('7', '-1', 'two').map((value) => ({ name: 'catering.coffee_breaks_per_day', value, field: 'catering.coffee_breaks_per_day' })),
  fc.constantFrom('notes', 'event.title', 'organiser.organisation').map((name) => ({ name, value: 'A\u0000B', field: name })),
  fc.constantFrom('castle', 'Hotel').map((value) => ({ name: 'venue_types', value, field: 'venue_types.0' })),
  // Names that are no field of the form, some aimed at Object.prototype or at a field's insides.
  // (A bare "__proto__" never reaches the app: the body parser drops it, so it may pass.)
  hostileFieldName.filter((n) => !['_csrf', '__proto__'].includes(n) && n.trim() !== '').map((name) => ({ name, value: 'x', field: null })),
);

const formCase: fc.Arbitrary<FormCase> = fc.oneof(
  {
    weight: 3,
    arbitrary: validBriefArb(TODAY).map((b): FormCase => ({ kind: 'valid', fields: formEntries(briefToForm(b)), email: (b.organiser as { email: string }).email })),
  },
  {
    weight: 5,
    arbitrary: fc.tuple(validBriefArb(TODAY), formMutation, fc.boolean()).map(([b, m, first]): FormCase => {
      const fields = formEntries(briefToForm(b)).filter(([k]) => k !== m.name || m.field === null);
      // The hostile name comes before or after the real fields: the parser must not care.
      return { kind: 'refused', fields: first ? [[m.name, m.value], ...fields] : [...fields, [m.name, m.value]], email: (b.organiser as { email: string }).email, field: m.field };
    }),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.array(fc.tuple(hostileFieldName, hostileText), { maxLength: 8 }).map((pairs): FormCase => ({ kind: 'junk', body: toUrlEncoded(pairs), contentType: 'application/x-www-form-urlencoded' })),
      fc.string({ maxLength: 80 }).map((body): FormCase => ({ kind: 'junk', body, contentType: 'application/x-www-form-urlencoded' })),
      fc.constantFrom('a=%zz&b=%', '%E0%A4%A', 'organiser.name=%00', '&&&=&=', 'x'.repeat(70_000), 'a=1&'.repeat(1200)).map((body): FormCase => ({ kind: 'junk', body, contentType: 'application/x-www-form-urlencoded' })),
      fc.tuple(fc.string({ maxLength: 40 }), fc.constantFrom('text/plain', 'application/json', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=utf-16')).map(
        ([body, contentType]): FormCase => ({ kind: 'junk', body, contentType }),
      ),
    ),
  },
);

/** [field, message] pairs of the error summary at the top of the re-rendered form. */
function summaryErrors(html: string): string[] {
  return [...html.matchAll(/<li><a href="#f-([^"]*)">/g)].map((m) => m[1]!);
}

describe('POST /briefs (the brief form) under fuzzing', () => {
  let app: TestApp;

  beforeAll(async () => {
    const now = new Date(`${TODAY}T09:00:00Z`);
    app = await startTestApp({ clock: { now: () => now }, workers: false, env: { INTAKE_RATE_LIMIT: '1000000' } });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('when 2,000 random form posts arrive, then valid ones redirect to their receipt and store one brief, and the rest re-render with each error beside its field and nothing stored', async () => {
    const seen = { valid: 0, refused: 0, junk: 0 };
    await fc.assert(
      fc.asyncProperty(formCase, async (c) => {
        seen[c.kind] += 1;
        const before = await rowCounts(app.services.db, INTAKE_TABLES);
        const body = c.kind === 'junk' ? c.body : toUrlEncoded(c.fields);
        const contentType = c.kind === 'junk' ? c.contentType : 'application/x-www-form-urlencoded';
        const res = await fetch(`${app.baseUrl}/briefs`, { method: 'POST', redirect: 'manual', headers: { 'content-type': contentType }, body });
        const html = await res.text();
        const after = await rowCounts(app.services.db, INTAKE_TABLES);
        expect(prototypeIsClean()).toBe(true);
        expect(res.status).toBeLessThan(500);

        if (c.kind === 'valid') {
          expect([res.status, res.headers.get('location')]).toEqual([303, expect.stringMatching(/^\/briefs\/received\/[A-Za-z0-9_-]{32}\?lang=(en|fr)$/)]);
          expect(after).toEqual({ [TABLES.briefs]: before.briefs! + 1, [TABLES.outbox]: before.outbox! + 2, [TABLES.mailLog]: before.mail_log! + 1 });
          return;
        }
        if (c.kind === 'junk' && res.status === 303) {
          // Junk that happens to be a valid brief is fine, as long as it is stored whole.
          expect(after).toEqual({ [TABLES.briefs]: before.briefs! + 1, [TABLES.outbox]: before.outbox! + 2, [TABLES.mailLog]: before.mail_log! + 1 });
          return;
        }
        expect(after).toEqual(before);
        if (c.kind === 'junk' && res.status !== 422) {
          expect([400, 413, 415]).toContain(res.status);
          return;
        }
        expect(res.status).toBe(422);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        const fields = summaryErrors(html);
        expect(fields.length).toBeGreaterThan(0);
        for (const f of fields) if (FORM_FIELDS.has(f)) expect(html).toContain(`id="e-${f}"`);
        if (c.kind === 'refused') {
          // The page reports a list item's problem ("venue_types.0") on the list it shows.
          const shown = c.field?.replace(/\.\d+$/, '') ?? null;
          if (shown !== null && !fields.includes(shown)) throw new Error(`expected an error on ${shown}, got ${fields.join(', ')}`);
          if (c.field !== 'organiser.email') expect(html).toContain(`value="${c.email}"`); // the values are kept
        }
      }),
      { numRuns: 2000 },
    );
    expect(Math.min(seen.valid, seen.refused, seen.junk)).toBeGreaterThan(200);
  }, 180_000);
});
