/** Injected clock so SLA and staleness rules can be tested without waiting. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Today's date in Europe/Paris (the hub's business day), YYYY-MM-DD. */
export function parisDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** A timestamp shown to people, in Europe/Paris. */
export function formatParis(iso: string | Date, locale: 'en' | 'fr' = 'en'): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: 'Europe/Paris',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
}
