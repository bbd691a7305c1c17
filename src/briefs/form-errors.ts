import { MAX_EVENT_DAYS, type Language } from '../core/brief-schema';
import type { FieldProblem } from '../platform/errors';
import { t, type MessageKey } from '../i18n/translate';

/**
 * The schema's field problems, as a person reads them on the form (SPEC §4: "Indiquez votre adresse
 * e-mail", never a field path). The JSON API keeps the schema's own {field, message}. One message per
 * field, on the field the page shows: an item of a list ("venue_types.0") is reported on the list.
 */
const BY_FIELD: Record<string, MessageKey> = {
  'organiser.name': 'err_organiser_name',
  'organiser.email': 'err_organiser_email',
  'organiser.language': 'err_organiser_language',
  'event.type': 'err_event_type',
  'event.start_date': 'err_event_start_date',
  'event.end_date': 'err_event_end_date',
  'event.attendees': 'err_event_attendees',
  'event.layout': 'err_event_layout',
  'accommodation.single_rooms': 'err_count',
  'accommodation.double_rooms': 'err_count',
  'accommodation.nights': 'err_nights',
  'catering.coffee_breaks_per_day': 'err_coffee',
  'catering.dinners': 'err_dinners',
  'event.alternative_dates': 'err_alt_too_many',
  'breakouts.rooms': 'err_breakout_rooms',
  'breakouts.attendees': 'err_breakout_attendees',
  'breakouts.layout': 'err_breakout_layout',
  budget_eur: 'err_budget',
  destinations: 'err_choice',
  venue_types: 'err_choice',
  non_negotiable: 'err_choice',
};

function humanMessage(field: string, message: string, lang: Language): string {
  const tooLong = /at most (\d+) characters/.exec(message);
  if (tooLong) return t(lang, 'err_too_long', { max: tooLong[1] });
  if (field === 'event.start_date' && message.includes('today')) return t(lang, 'err_start_in_past');
  if (field === 'event.end_date' && message.includes('on or after')) return t(lang, 'err_end_before_start');
  if (field === 'event.end_date' && message.includes('days')) return t(lang, 'err_too_many_days', { days: MAX_EVENT_DAYS });
  const alt = /^event\.alternative_dates\.\d+\.(start_date|end_date)$/.exec(field);
  if (alt) {
    if (message.includes('repeats')) return t(lang, 'err_alt_repeat');
    const days = /as many days as the main dates \((\d+)\)/.exec(message);
    if (days) return t(lang, 'err_alt_same_length', { days: days[1] });
    return t(lang, alt[1] === 'start_date' ? 'err_alt_start' : 'err_alt_end');
  }
  if (/^accommodation\.per_night\.\d+\.(single_rooms|double_rooms)$/.test(field)) return t(lang, 'err_count');
  if (field === 'accommodation.per_night') {
    if (message.includes('cannot be combined')) return t(lang, 'err_per_night_clash');
    const nights = /at most (\d+) nights/.exec(message);
    return t(lang, 'err_per_night_too_many', { nights: nights ? nights[1] : '' });
  }
  // Field names come from the client: "constructor" or "__proto__" must not find the prototype's.
  return t(lang, Object.hasOwn(BY_FIELD, field) ? BY_FIELD[field]! : 'err_generic');
}

export function humanFieldErrors(problems: readonly FieldProblem[], lang: Language): FieldProblem[] {
  const out = new Map<string, string>();
  for (const p of problems) {
    const field = p.field.replace(/\.\d+$/, '');
    if (!out.has(field)) out.set(field, humanMessage(field, p.message, lang));
  }
  return [...out].map(([field, message]) => ({ field, message }));
}
