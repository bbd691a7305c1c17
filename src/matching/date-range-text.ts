import type { DateSet, Language } from '../core/brief-schema';

const MONTHS: Record<Language, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
};

function parts(iso: string): { day: number; month: number; year: string } {
  return { day: Number(iso.slice(8, 10)), month: Number(iso.slice(5, 7)) - 1, year: iso.slice(0, 4) };
}

/**
 * A date set as a person reads it: "17–19 March 2027", "30 March – 1 April 2027", "17–19 mars 2027"
 * (French writes "1er" for the first of a month). Pure text of the calendar dates: no time zone applies.
 */
export function formatDateRange(set: DateSet, lang: Language): string {
  const a = parts(set.start_date);
  const b = parts(set.end_date);
  const months = MONTHS[lang];
  const day = (n: number): string => (lang === 'fr' && n === 1 ? '1er' : String(n));
  if (set.start_date === set.end_date) return `${day(a.day)} ${months[a.month]} ${a.year}`;
  if (a.year === b.year && a.month === b.month) return `${day(a.day)}–${day(b.day)} ${months[b.month]} ${b.year}`;
  if (a.year === b.year) return `${day(a.day)} ${months[a.month]} – ${day(b.day)} ${months[b.month]} ${b.year}`;
  return `${day(a.day)} ${months[a.month]} ${a.year} – ${day(b.day)} ${months[b.month]} ${b.year}`;
}
