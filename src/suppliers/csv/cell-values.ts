/** Parsing and formatting of single cell values. Parsers return the value or an error message. */
import { VAT_RATES, type VatPct } from '../../core/catalogue-types';
import { isEmailAddress } from '../../platform/email-address';
import { problem, type CsvProblem } from './csv-problem';

export type CellResult<T> = { value: T } | { error: CsvProblem };

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function parseId(raw: string): CellResult<string> {
  return ID_PATTERN.test(raw) ? { value: raw } : { error: problem('csv_bad_id', { raw }) };
}

/**
 * `61,50` as French spreadsheets write it (SPEC §3), and `1 234,50` with a (narrow) no-break
 * space between thousands: read as `61.50` and `1234.50`.
 */
function withDecimalPoint(raw: string): string {
  return raw.replace(/(?<=\d)[ \u00a0\u202f](?=\d{3}(?:\D|$))/g, '').replace(/^(\d+),(\d+)$/, '$1.$2');
}

/** Euros with at most two decimals (point or comma), read by string parsing so that no float ever holds money. */
export function parsePriceCents(input: string): CellResult<number> {
  const raw = withDecimalPoint(input);
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(raw);
  if (m) {
    const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
    return Number.isSafeInteger(cents) ? { value: cents } : { error: problem('csv_price_too_large', { raw: input }) };
  }
  if (/^-\s*\d/.test(raw)) return { error: problem('csv_price_negative', { raw: input }) };
  if (/^\d+\.\d{3,}$/.test(raw)) return { error: problem('csv_price_decimals', { raw: input }) };
  return { error: problem('csv_price_bad', { raw: input }) };
}

export function formatPriceCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** Accepts the SPEC spellings and harmless variants such as `20.0` or `5.50`. */
export function parseVat(input: string): CellResult<VatPct> {
  const raw = input.replace(/^(\d+),(\d+)$/, '$1.$2');
  if (/^\d+(\.\d+)?$/.test(raw)) {
    const canonical = raw.includes('.') ? raw.replace(/0+$/, '').replace(/\.$/, '') : raw.replace(/^0+(?=\d)/, '');
    const vat = VAT_RATES.find((v) => String(v) === canonical);
    if (vat !== undefined) return { value: vat };
  }
  return { error: problem('csv_vat_bad', { raw: input, allowed: VAT_RATES.join(', ') }) };
}

export function formatVat(vat: VatPct): string {
  return String(vat);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function parseDate(raw: string): CellResult<string> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m) return { error: problem('csv_date_format', { raw }) };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (month < 1 || month > 12 || day < 1 || maxDay === undefined || day > maxDay) {
    return { error: problem('csv_date_unreal', { raw }) };
  }
  return { value: raw };
}

/** Case-insensitive because spreadsheets turn `true` into `TRUE`; written back lowercase. */
export function parseBoolean(raw: string): CellResult<boolean> {
  const lower = raw.toLowerCase();
  if (lower === 'true') return { value: true };
  if (lower === 'false') return { value: false };
  return { error: problem('csv_bool_bad', { raw }) };
}

export function parseCount(raw: string): CellResult<number> {
  const n = Number(raw);
  return /^\d+$/.test(raw) && Number.isSafeInteger(n) ? { value: n } : { error: problem('csv_count_bad', { raw }) };
}

export function parseList(raw: string): string[] {
  return raw
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Deliberately loose: one @, no spaces, a dot in the domain. Deliverability is the mailer's problem. */
export function parseEmail(raw: string): CellResult<string> {
  return isEmailAddress(raw, Infinity) ? { value: raw } : { error: problem('csv_email_bad', { raw }) };
}
