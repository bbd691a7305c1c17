import type { Language } from '../core/brief-schema';

// Built once per language: constructing an Intl formatter costs far more than formatting, and a
// draft quote e-mail prints hundreds of amounts (issue 7: a fifth of the worker's time, --cpu-prof).
const MONEY: Record<Language, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }),
  fr: new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }),
};
const DATE: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
  fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }),
};

/** Money is integer cents until a view prints it, the way a French or English reader expects. */
export function formatMoney(cents: number, lang: Language = 'en'): string {
  return (lang === 'fr' ? MONEY.fr : MONEY.en).format(cents / 100);
}

export function formatDate(isoDate: string, lang: Language = 'en'): string {
  return (lang === 'fr' ? DATE.fr : DATE.en).format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

export function formatVat(pct: number, lang: Language = 'en'): string {
  return `${lang === 'fr' ? String(pct).replace('.', ',') : String(pct)} %`;
}
