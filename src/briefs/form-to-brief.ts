/**
 * The web form posts flat fields named like the JSON paths ("event.attendees"). This turns
 * them into the JSON shape of SPEC §4 so one schema validates both; it only converts types,
 * it never validates (the schema does, with the same messages for both).
 */
export type FormBody = Record<string, string | string[] | undefined>;

const NUMBER_FIELDS = new Set([
  'event.attendees',
  'accommodation.single_rooms',
  'accommodation.double_rooms',
  'accommodation.nights',
  'catering.coffee_breaks_per_day',
  'catering.dinners',
  'budget_eur',
  'breakouts.rooms',
  'breakouts.attendees',
]);
const BOOLEAN_FIELDS = new Set(['catering.lunches', 'av', 'requirements.accessible']);
const LIST_FIELDS = new Set(['destinations', 'venue_types', 'non_negotiable']);
const FORM_ONLY = new Set(['_csrf', '_lang']);
/** Left empty, these still reach the schema, so the person reads its message ("is required"), not a type error. */
const REQUIRED_FIELDS = new Set(['organiser.name', 'organiser.email', 'event.start_date', 'event.end_date', 'event.attendees', 'event.layout']);

function toNumber(raw: string): number | string {
  const s = raw.trim().replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : raw;
}

/** Rows of the form's lists (SPEC §4): up to 3 alternative date pairs, up to 14 nights. */
const ALTERNATIVE = /^event\.alternative_dates\.(\d)\.(start_date|end_date)$/;
const NIGHT = /^accommodation\.per_night\.(\d{1,2})\.(single_rooms|double_rooms)$/;
export const FORM_ALTERNATIVES = 3;
export const FORM_MAX_NIGHTS = 14;

const lastValue = (raw: string | string[] | undefined): string => (raw === undefined ? '' : Array.isArray(raw) ? (raw[raw.length - 1] ?? '') : raw);

/**
 * The list rows of the form: date pairs and night rows, each named "event.alternative_dates.1.end_date".
 * Rows are kept up to the last one with something typed, so the indices the schema reports match the
 * rows on the page; a filled night table replaces the uniform rooms and nights (the page says so).
 */
function listRows(body: FormBody): { alternatives: Record<string, string>[] | null; nights: Record<string, number | string>[] | null } {
  const alternatives: Record<string, string>[] = [];
  const nights: Record<string, number | string>[] = [];
  for (const [name, raw] of Object.entries(body)) {
    const value = lastValue(raw).trim();
    const alt = ALTERNATIVE.exec(name);
    if (alt && Number(alt[1]) < FORM_ALTERNATIVES) {
      const row = (alternatives[Number(alt[1])] ??= {});
      if (value !== '') row[alt[2]!] = value;
      continue;
    }
    const night = NIGHT.exec(name);
    if (night && Number(night[1]) < FORM_MAX_NIGHTS) {
      const row = (nights[Number(night[1])] ??= {});
      if (value !== '') row[night[2]!] = toNumber(value);
    }
  }
  const trimmed = <T extends object>(rows: (T | undefined)[]): T[] | null => {
    let last = -1;
    rows.forEach((row, i) => {
      if (row && Object.keys(row).length > 0) last = i;
    });
    if (last < 0) return null;
    return Array.from({ length: last + 1 }, (_, i) => rows[i] ?? ({} as T));
  };
  const alts = trimmed(alternatives);
  return {
    // An incomplete pair still reaches the schema, so the person reads which day is missing.
    alternatives: alts ? alts.map((row) => ({ start_date: row.start_date ?? '', end_date: row.end_date ?? '' })) : null,
    nights: trimmed(nights),
  };
}

export function formToBrief(body: FormBody): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rows = listRows(body);
  // Field names come from the client: "__proto__.x" must not reach Object.prototype, and
  // "event.attendees.x" must not write into a number. Every key becomes an own property (so
  // the schema reports unknown ones); a name used both as a value and as a group ("event" and
  // "event.title") becomes null there, which the schema refuses at that field whatever the order.
  const own = (node: Record<string, unknown>, key: string, value: unknown) =>
    Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
  const isGroup = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const set = (path: string, value: unknown) => {
    const keys = path.split('.');
    let node = out;
    for (const k of keys.slice(0, -1)) {
      if (!Object.hasOwn(node, k)) own(node, k, {});
      const next = node[k];
      if (next === null) return;
      if (!isGroup(next)) return void own(node, k, null);
      node = next as Record<string, unknown>;
    }
    const last = keys[keys.length - 1]!;
    if (Object.hasOwn(node, last) && (node[last] === null || isGroup(node[last]))) return void own(node, last, null);
    own(node, last, value);
  };
  for (const [name, raw] of Object.entries(body)) {
    if (FORM_ONLY.has(name) || raw === undefined) continue;
    if (ALTERNATIVE.test(name) || NIGHT.test(name)) continue;
    if (rows.nights && /^accommodation\.(single_rooms|double_rooms|nights)$/.test(name)) continue;
    if (LIST_FIELDS.has(name)) {
      const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
      set(name, values);
      continue;
    }
    const value = Array.isArray(raw) ? raw[raw.length - 1]! : raw;
    if (BOOLEAN_FIELDS.has(name)) set(name, value === 'true' || value === 'on');
    else if (value.trim() === '' && !REQUIRED_FIELDS.has(name)) continue; // an empty optional field is simply not given
    else if (NUMBER_FIELDS.has(name)) set(name, toNumber(value));
    else set(name, value);
  }
  if (rows.alternatives) set('event.alternative_dates', rows.alternatives);
  if (rows.nights) set('accommodation.per_night', rows.nights);
  return out;
}
