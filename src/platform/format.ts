import type { Language } from '../briefs/brief-schema';

/** Money is integer cents until a view prints it, the way a French or English reader expects. */
export function formatMoney(cents: number, lang: Language = 'en'): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

export function formatDate(isoDate: string, lang: Language = 'en'): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

export function formatVat(pct: number, lang: Language = 'en'): string {
  return `${lang === 'fr' ? String(pct).replace('.', ',') : String(pct)} %`;
}
