/** Injected clock so SLA and staleness rules can be tested without waiting. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Today's date in Europe/Paris (the hub's business day), YYYY-MM-DD. */
export function parisDate(at: Date): string {
  return PARIS_DAY.format(at);
}

// Formatters built once: constructing one costs far more than formatting (issue 7, --cpu-prof).
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const PARIS_STAMP = {
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', dateStyle: 'medium', timeStyle: 'short' }),
  fr: new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'medium', timeStyle: 'short' }),
};

/** A timestamp shown to people, in Europe/Paris. */
export function formatParis(iso: string | Date, locale: 'en' | 'fr' = 'en'): string {
  return (locale === 'fr' ? PARIS_STAMP.fr : PARIS_STAMP.en).format(typeof iso === 'string' ? new Date(iso) : iso);
}
