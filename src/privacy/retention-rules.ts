/**
 * SPEC §12, the pure part: when personal data is due for anonymisation, what replaces it, and
 * how an e-mail address is found and removed from free text. No knex, no clock.
 */

/** The same calendar date `months` earlier, clamped to the month's last day (31 May − 3 months = 28/29 Feb). */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/**
 * The first event end date that is still kept: a brief whose event ended before it (ended more
 * than `months` ago, counted from `today`, the hub's business day) is anonymised.
 */
export function retentionCutoff(today: string, months: number): string {
  return monthsBefore(today, months);
}

export function isPastRetention(eventEndDate: string, cutoff: string): boolean {
  return eventEndDate < cutoff;
}

/** What stands in for an organiser's address: still a well-formed address, deliverable nowhere (RFC 2606). */
export function anonymisedEmail(briefId: number): string {
  return `anonymised+${briefId}@invalid`;
}

export const ANONYMISED = 'anonymised';
export const ERASED = '[erased]';

/**
 * The brief's JSON with its personal data replaced: organiser name and e-mail, phone,
 * organisation, the event title (free text that often names the organisation) and notes.
 * Everything the figures need stays: dates, attendees, layout, destinations, rooms, meals,
 * budget, criteria, language.
 */
export function anonymisePayload(payload: string, briefId: number): string {
  const brief = JSON.parse(payload) as Record<string, unknown> & { organiser?: Record<string, unknown>; event?: Record<string, unknown> };
  const organiser = brief.organiser ?? {};
  brief.organiser = { name: ANONYMISED, email: anonymisedEmail(briefId), ...(organiser.language ? { language: organiser.language } : {}) };
  if (brief.event && 'title' in brief.event) delete brief.event.title;
  delete brief.notes;
  return JSON.stringify(brief);
}

/** The organiser's address in a brief's JSON, lowercased, or null. */
export function organiserEmailOf(payload: string): string | null {
  const email = (JSON.parse(payload) as { organiser?: { email?: unknown } }).organiser?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : null;
}

export function eventEndDateOf(payload: string): string | null {
  const end = (JSON.parse(payload) as { event?: { end_date?: unknown } }).event?.end_date;
  return typeof end === 'string' ? end : null;
}

/** An address a hub admin may look up or erase: one @, no spaces, so a search can never match everything. */
export function normaliseLookupEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length < 3 || email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email)) return null;
  return email;
}

/** Handlebars' escaping of text, which is how the address appears in the HTML part of an e-mail. */
function htmlEscaped(text: string): string {
  const map: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };
  return text.replace(/[&<>"'`=]/g, (c) => map[c]!);
}

/** The forms in which an address is stored: as typed (text, JSON, headers) and HTML-escaped. */
export function searchForms(email: string): string[] {
  return [...new Set([email, htmlEscaped(email)])];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function mentions(text: string | null | undefined, email: string): boolean {
  if (!text) return false;
  const lower = text.toLowerCase();
  return searchForms(email).some((f) => lower.includes(f));
}

/** Every occurrence of the address (any case, either form) replaced. */
export function replaceAddress(text: string, email: string, by = ERASED): string {
  let out = text;
  for (const form of searchForms(email)) out = out.replace(new RegExp(escapeRegExp(form), 'gi'), by);
  return out;
}

/** Any e-mail address in an SMTP error (a 550 often quotes the recipient) removed; the code and reason stay. */
export function scrubAddresses(text: string): string {
  return text.replace(/[^\s<>()"',;:]+@[^\s<>()"',;:]+/g, '[address removed]');
}
