import fc from 'fast-check';
import type { Knex } from 'knex';
import { CRITERIA, EVENT_TYPES } from '../../src/core/brief-schema';
import { LAYOUTS, RATE_ITEMS, VAT_RATES } from '../../src/core/catalogue-types';

/**
 * fast-check arbitraries for the hostile-input tests: valid inputs, valid inputs with one
 * mutation that must be refused (and names the field that must carry the error), and junk.
 */

/** Script and markup a person could type into any free-text field. */
export const XSS_PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{constructor}}',
  'javascript:alert(1)',
  "';alert(1);//",
  '<svg onload=alert(1)>',
] as const;

/** Strings that broke parsers, templates or databases somewhere: control characters, BOMs, surrogates, keys of Object.prototype. */
const NASTY = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\uD800',
  '\u202Eevil',
  '𝕏𝕐',
  'Ça coûte 10 € — «test»',
  '=1+1',
  '@SUM(A1)',
  '-2+3',
  '%00',
  '%zz',
  '\r\n',
  '"',
  "'",
  '\\',
  ' ',
  '',
  '0',
  '-1',
  '1e999',
  'NaN',
  'null',
  'true',
];

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.constantFrom(...XSS_PAYLOADS) },
  { weight: 1, arbitrary: fc.integer({ min: 201, max: 6000 }).map((n) => 'x'.repeat(n)) },
);

/** Printable text that the schema's trim() keeps non-empty: a letter first. */
export const plainText = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: 'grapheme-ascii', maxLength: Math.min(maxLength - 1, 30) }).map((s) => `A${s}`);

/** Anything a person might type that the schema must still accept: a letter first, then plain or hostile text within the limit. */
export const freeText = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(plainText(maxLength), hostileText.filter((s) => s.length < maxLength && !s.includes('\u0000')).map((s) => `A${s}`));

const emailArb = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.stringMatching(/^[a-z]{1,10}$/), fc.constantFrom('org', 'fr', 'com'))
  .map(([user, host, tld]) => `${user}@${host}.${tld}`);

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

type Json = Record<string, unknown>;

/** A brief the schema must accept, with today as the earliest start date. */
export function validBriefArb(today: string): fc.Arbitrary<Json> {
  const dates = fc.tuple(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 13 })).map(([from, len]) => ({
    start_date: addDays(today, from),
    end_date: addDays(today, from + len),
  }));
  return fc.record(
    {
      organiser: fc.record(
        {
          name: freeText(200),
          organisation: freeText(200),
          email: emailArb,
          phone: fc.stringMatching(/^\+?[0-9 ]{0,20}$/),
          language: fc.constantFrom('en', 'fr'),
        },
        { requiredKeys: ['name', 'email'] },
      ),
      event: fc
        .tuple(
          dates,
          fc.record(
            {
              title: freeText(200),
              type: fc.constantFrom(...EVENT_TYPES),
              attendees: fc.integer({ min: 1, max: 5000 }),
              layout: fc.constantFrom(...LAYOUTS),
            },
            { requiredKeys: ['attendees', 'layout'] },
          ),
        )
        .map(([d, rest]) => ({ ...d, ...rest })),
      destinations: fc.array(freeText(100), { maxLength: 3 }),
      venue_types: fc.uniqueArray(fc.constantFrom('convention_centre', 'hotel', 'seminar_venue'), { maxLength: 3 }),
      accommodation: fc.record(
        { single_rooms: fc.nat(5000), double_rooms: fc.nat(5000), nights: fc.nat(30) },
        { requiredKeys: [] },
      ),
      catering: fc.record({ lunches: fc.boolean(), coffee_breaks_per_day: fc.nat(6), dinners: fc.nat(14) }, { requiredKeys: [] }),
      av: fc.boolean(),
      budget_eur: fc.integer({ min: 1, max: 100_000_000 }),
      requirements: fc.record({ accessible: fc.boolean(), quality_label: freeText(100) }, { requiredKeys: [] }),
      non_negotiable: fc.uniqueArray(fc.constantFrom(...CRITERIA), { maxLength: 4 }),
      notes: freeText(5000),
    },
    { requiredKeys: ['organiser', 'event'] },
  );
}

/** One change that makes a valid brief invalid, and the error field it must produce. */
export interface BriefMutation {
  field: string;
  apply(brief: Json): void;
}

const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.constantFrom(...NASTY),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.constant({}),
);

const at = (brief: Json, key: string) => brief[key] as Json;

export function briefMutationArb(today: string): fc.Arbitrary<BriefMutation> {
  const set = (field: string, value: unknown): BriefMutation => ({
    field,
    apply(b) {
      const path = field.split('.');
      let node = b;
      for (const k of path.slice(0, -1)) node = (node[k] ??= {}) as Json;
      node[path[path.length - 1]!] = value;
    },
  });
  const remove = (field: string): BriefMutation => ({
    field,
    apply(b) {
      const [head, tail] = field.split('.');
      delete at(b, head!)[tail!];
    },
  });
  return fc.oneof(
    fc.constantFrom(0, -1, 5001, 1.5, '280', null, 1e300, true).map((v) => set('event.attendees', v)),
    fc.oneof(hostileText, junkValue).filter((v) => !(LAYOUTS as readonly unknown[]).includes(v)).map((v) => set('event.layout', v)),
    fc.oneof(hostileText, junkValue).filter((v) => !(EVENT_TYPES as readonly unknown[]).includes(v)).map((v) => set('event.type', v)),
    fc.oneof(hostileText, junkValue).filter((v) => typeof v !== 'string' || !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(v)).map((v) => set('organiser.email', v)),
    fc.constantFrom('', '   ', '\t', null, 42).map((v) => set('organiser.name', v)),
    fc.constantFrom('de', 'EN', '', null).map((v) => set('organiser.language', v)),
    fc.constantFrom('2027-02-30', '27-03-10', '2027/03/10', 'tomorrow', '', 20270310).map((v) => set('event.start_date', v)),
    fc.integer({ min: 1, max: 400 }).map((n) => set('event.start_date', addDays(today, -n))),
    fc.constant<BriefMutation>({
      field: 'event.end_date',
      apply: (b) => void (at(b, 'event').end_date = addDays(at(b, 'event').start_date as string, -1)),
    }),
    fc.constant<BriefMutation>({
      field: 'event.end_date',
      apply: (b) => void (at(b, 'event').end_date = addDays(at(b, 'event').start_date as string, 14)),
    }),
    fc.constantFrom('organiser.name', 'organiser.email', 'event.start_date', 'event.end_date', 'event.attendees', 'event.layout').map(remove),
    fc.integer({ min: 5001, max: 8000 }).map((n) => set('notes', 'n'.repeat(n))),
    // PostgreSQL text cannot hold U+0000: refused by the schema on both databases.
    fc.constantFrom('organiser.name', 'organiser.organisation', 'organiser.phone', 'event.title', 'notes', 'requirements.quality_label').map((f) => set(f, 'A\u0000B')),
    fc.integer({ min: 201, max: 400 }).map((n) => set('event.title', '<'.repeat(n))),
    fc.integer({ min: 41, max: 100 }).map((n) => set('organiser.phone', '0'.repeat(n))),
    fc.constantFrom('Marseille', 7, {}, null).map((v) => set('destinations', v)),
    fc.constantFrom([''], ['  '], [1], [null]).map((v) => set('destinations', v)),
    fc.constantFrom(['castle'], ['hotel', 'Hotel'], [null]).map((v) => set('venue_types', v)),
    fc.constantFrom(['price'], ['budget', '__proto__'], 'budget').map((v) => set('non_negotiable', v)),
    fc.constantFrom(0, -5, '1000', 1e12, null).map((v) => set('budget_eur', v)),
    fc.constantFrom(-1, 1.5, 5001, '2').map((v) => set('accommodation.single_rooms', v)),
    fc.constantFrom(-1, 31, 'two').map((v) => set('accommodation.nights', v)),
    fc.constantFrom(7, 'yes', -1).map((v) => set('catering.coffee_breaks_per_day', v)),
    fc.constantFrom('yes', 1, null).map((v) => set('catering.lunches', v)),
    fc.constantFrom('yes', 1, null).map((v) => set('av', v)),
    fc.constantFrom('yes', 1).map((v) => set('requirements.accessible', v)),
    fc.constantFrom(null, 'x', 1, []).map((v) => set('organiser', v)),
    fc.constantFrom(null, 'x', 1, []).map((v) => set('event', v)),
    fc
      .tuple(fc.constantFrom('', 'organiser.', 'event.', 'catering.'), fc.constantFrom('constructor', 'prototype', 'toString', 'extra', 'Notes', 'ref', 'status'))
      .map(([prefix, key]) => ({
        field: `${prefix}${key}`,
        apply(b: Json) {
          const node = prefix === '' ? b : ((b[prefix.slice(0, -1)] ??= {}) as Json);
          node[key] = 'x';
        },
      })),
  );
}

/** JSON text with an own "__proto__" key (JSON.parse makes it an own property; an object literal would not). */
export function withProtoKey(json: string, path: '' | 'organiser' | 'event'): string {
  const payload = '"__proto__":{"polluted":"yes","status":"sent"},';
  if (path === '') return json.replace(/^\{/, `{${payload}`);
  return json.replace(`"${path}":{`, `"${path}":{${payload}`);
}

/** Arbitrary JSON text that is not a brief: random values, truncations, deep nesting. */
export const junkJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 100, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 100, max: 5_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.constantFrom('', '{', '{"organiser":', 'null', '"brief"', '{"a":1,}', "{'a':1}", '\uFEFF{}', '[]', 'NaN', '{"__proto__":null}'),
);

/** The form's flat field names, as the brief form posts them. */
export function briefToForm(brief: Json): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const walk = (node: Json, prefix: string) => {
    for (const [k, v] of Object.entries(node)) {
      const name = prefix + k;
      if (Array.isArray(v)) out[name] = v.map(String);
      else if (v !== null && typeof v === 'object') walk(v as Json, `${name}.`);
      else out[name] = String(v);
    }
  };
  walk(brief, '');
  return out;
}

export function toUrlEncoded(fields: [string, string][]): string {
  const p = new URLSearchParams();
  for (const [k, v] of fields) p.append(k, v);
  return p.toString();
}

export function formEntries(form: Record<string, string | string[]>): [string, string][] {
  return Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]]));
}

/** Field names a hostile client may post to any form. */
export const hostileFieldName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    '__proto__.polluted',
    'constructor.prototype.polluted',
    'organiser.__proto__.polluted',
    'event.attendees.value',
    'organiser.name.first',
    'organiser',
    'event',
    'destinations.0',
    'notes[]',
    'a[b][c]',
    '',
    '.',
    '..',
    'event.',
    '_csrf',
  ),
  fc.string({ maxLength: 12 }),
);

// --- venue portal --------------------------------------------------------------------------

export const dateCell: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 900 }).map((n) => addDays('2026-06-01', n)) },
  { weight: 1, arbitrary: fc.constantFrom('2027-02-29', '2027-13-01', '2027-1-1', '01/02/2027', '', 'soon', '2028-02-29') },
);

export const numberCell: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.nat(5000).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', '-1', '1.5', '1e3', '0x10', ' 12 ', '９', '99999999999999999999') },
);

export const priceCell: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.nat(5000), fc.nat(99)).map(([e, c]) => `${e}.${String(c).padStart(2, '0')}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '-1', '12.345', '1,50', 'free', '1e2', '99999999999999999999.99', '=1+1') },
);

export const vatCell: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VAT_RATES.map(String)) },
  { weight: 1, arbitrary: fc.constantFrom('', '7', '19.6', '20%', '5,5', '-20') },
);

export const itemCell: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...RATE_ITEMS) },
  { weight: 1, arbitrary: hostileText },
);

export const idCell = (known: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Z0-9_-]{1,8}$/) },
    { weight: 1, arbitrary: hostileText },
  );

/** A free-text cell: mostly plain, sometimes hostile. */
export const textCell: fc.Arbitrary<string> = fc.oneof({ weight: 2, arbitrary: plainText(60) }, { weight: 2, arbitrary: hostileText });

// --- CSV -----------------------------------------------------------------------------------

/** RFC 4180 quoting of one cell, applied always or only when needed. */
export function csvCell(value: string, forceQuotes: boolean): string {
  return forceQuotes || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface CsvDamage {
  kind: string;
  apply(lines: string[]): string[];
}

/** Damage to a CSV text's lines, from harmless (BOM, CRLF) to fatal (broken quotes, wrong header). */
export const csvDamageArb: fc.Arbitrary<CsvDamage> = fc.oneof(
  fc.constant<CsvDamage>({ kind: 'none', apply: (l) => l }),
  fc.constant<CsvDamage>({ kind: 'bom', apply: (l) => [`\uFEFF${l[0]}`, ...l.slice(1)] }),
  fc.constant<CsvDamage>({ kind: 'crlf', apply: (l) => l.map((x) => `${x}\r`) }),
  fc.constant<CsvDamage>({ kind: 'blank-lines', apply: (l) => [...l.slice(0, 1), '', ...l.slice(1), '', ''] }),
  fc.constant<CsvDamage>({ kind: 'unclosed-quote', apply: (l) => [...l, '"never closed,'] }),
  fc.constant<CsvDamage>({ kind: 'stray-quote', apply: (l) => [...l.slice(0, 1), ...l.slice(1).map((x) => x.replace(/,/, ',a"b'))] }),
  fc.constant<CsvDamage>({ kind: 'wrong-header', apply: (l) => [l[0]!.replace(/[a-z_]+/, 'supplierid'), ...l.slice(1)] }),
  fc.constant<CsvDamage>({ kind: 'extra-column', apply: (l) => [`${l[0]},extra`, ...l.slice(1).map((x) => `${x},x`)] }),
  fc.constant<CsvDamage>({ kind: 'no-header', apply: (l) => l.slice(1) }),
  fc.constant<CsvDamage>({ kind: 'short-row', apply: (l) => [...l, l[1]?.split(',').slice(0, 2).join(',') ?? 'x'] }),
  fc.constant<CsvDamage>({ kind: 'other-supplier', apply: (l) => [...l, ...l.slice(1, 2).map((x) => x.replace(/^[^,]*/, 'OTHER'))] }),
  fc.string({ maxLength: 30 }).map<CsvDamage>((junk) => ({ kind: 'junk-line', apply: (l) => [...l, junk] })),
  fc.string({ unit: 'binary', maxLength: 60 }).map<CsvDamage>((junk) => ({ kind: 'junk-text', apply: () => [junk] })),
);

// --- checks shared by the hostile-input tests ----------------------------------------------

/** Nothing a request did may have added a property to every object in the process. */
export function prototypeIsClean(): boolean {
  return Object.getOwnPropertyNames(Object.prototype).every((k) => ORIGINAL_PROTOTYPE_KEYS.has(k)) && ({} as Record<string, unknown>).polluted === undefined;
}
const ORIGINAL_PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** `table` → row count, in one query, for the before/after comparison of a refused request. */
export async function rowCounts(db: Knex, tables: readonly string[]): Promise<Record<string, number>> {
  // Table names come from TABLES, never from input.
  const result = await db.raw(`select ${tables.map((t, i) => `(select count(*) from ${t}) as c${i}`).join(', ')}`);
  const row = (Array.isArray(result) ? result[0] : (result as { rows: unknown[] }).rows[0]) as Record<string, number | string>;
  return Object.fromEntries(tables.map((t, i) => [t, Number(row[`c${i}`])]));
}
