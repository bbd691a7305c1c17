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
const FORM_ONLY = new Set(['_csrf', '_lang']);
/** Left empty, these still reach the schema, so the person reads its message ("is required"), not a type error. */
const REQUIRED_FIELDS = new Set(['organiser.name', 'organiser.email', 'event.start_date', 'event.end_date', 'event.attendees', 'event.layout']);

function toNumber(raw: string): number | string {
  const s = raw.trim().replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : raw;
}

export function formToBrief(body: FormBody): Record<string, unknown> {
  const out: Record<string, unknown> = {};
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
