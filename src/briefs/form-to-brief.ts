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
]);
const BOOLEAN_FIELDS = new Set(['catering.lunches', 'av', 'requirements.accessible']);
const LIST_FIELDS = new Set(['destinations', 'venue_types', 'non_negotiable']);
const FORM_ONLY = new Set(['_csrf']);
/** Left empty, these still reach the schema, so the person reads its message ("is required"), not a type error. */
const REQUIRED_FIELDS = new Set(['organiser.name', 'organiser.email', 'event.start_date', 'event.end_date', 'event.attendees', 'event.layout']);

function toNumber(raw: string): number | string {
  const s = raw.trim().replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : raw;
}

export function formToBrief(body: FormBody): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (path: string, value: unknown) => {
    const keys = path.split('.');
    let node = out;
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]!] = value;
  };
  for (const [name, raw] of Object.entries(body)) {
    if (FORM_ONLY.has(name) || raw === undefined) continue;
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
  return out;
}
