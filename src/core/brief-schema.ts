import { z } from 'zod';
import { LAYOUTS } from './catalogue-types';

/** SPEC §4: the organiser's brief, identical for the JSON API and the web form. */

export const EVENT_TYPES = ['congress', 'seminar', 'incentive', 'gala', 'trade_show', 'other'] as const;
export const CRITERIA = [
  'destinations',
  'venue_types',
  'budget',
  'accessible',
  'quality_label',
  'dates',
  'onsite_accommodation',
] as const;
export type Criterion = (typeof CRITERIA)[number];
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const MAX_EVENT_DAYS = 14;

const isoDate = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });
// PostgreSQL text cannot hold U+0000: refused here so both databases answer alike, with a 422.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `must be at most ${max} characters` })
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain a NUL character' });
const count = (max: number) =>
  z.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(0, { message: 'must be 0 or more' }).max(max, { message: `must be at most ${max}` });

export const MAX_ALTERNATIVE_DATES = 3;
export const MAX_BREAKOUT_ROOMS = 20;

const dateSet = z.strictObject({ start_date: isoDate, end_date: isoDate });

const night = z.strictObject({ single_rooms: count(5000).default(0), double_rooms: count(5000).default(0) });

/**
 * SPEC §4 accommodation: the uniform block (single_rooms, double_rooms, nights) or `per_night`, never
 * both. Without `per_night` the output is exactly the old one (defaults in the old key order), so a
 * brief without the new fields is stored, echoed and priced as before.
 */
const accommodation = z
  .strictObject({
    single_rooms: count(5000).optional(),
    double_rooms: count(5000).optional(),
    nights: count(30).optional(),
    per_night: z
      .array(night)
      .min(1, { message: 'must list at least one night' })
      .max(MAX_EVENT_DAYS, { message: `must list at most ${MAX_EVENT_DAYS} nights` })
      .optional(),
  })
  .transform((a, ctx) => {
    if (a.per_night !== undefined) {
      const clash = (['single_rooms', 'double_rooms', 'nights'] as const).filter((k) => a[k] !== undefined);
      if (clash.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['per_night'],
          message: `cannot be combined with ${clash.map((k) => `accommodation.${k}`).join(', ')}: give rooms night by night or as one block`,
        });
      }
      return { per_night: a.per_night } as Accommodation;
    }
    const out: Accommodation = { single_rooms: a.single_rooms ?? 0, double_rooms: a.double_rooms ?? 0 };
    if (a.nights !== undefined) out.nights = a.nights;
    return out;
  });

export interface Accommodation {
  single_rooms?: number;
  double_rooms?: number;
  nights?: number;
  per_night?: { single_rooms: number; double_rooms: number }[];
}

export function briefSchema(today: string) {
  return z
    .strictObject({
      organiser: z.strictObject({
        name: text(200).min(1, { message: 'is required' }),
        organisation: text(200).optional(),
        email: z.email({ message: 'must be an e-mail address' }).max(254),
        phone: text(40).optional(),
        language: z.enum(LANGUAGES, { message: 'must be en or fr' }).default('en'),
      }),
      event: z.strictObject({
        title: text(200).optional(),
        type: z.enum(EVENT_TYPES, { message: `must be one of ${EVENT_TYPES.join(', ')}` }).default('other'),
        start_date: isoDate,
        end_date: isoDate,
        attendees: z
          .number({ message: 'must be a number' })
          .int({ message: 'must be a whole number' })
          .min(1, { message: 'must be at least 1' })
          .max(5000, { message: 'must be at most 5000' }),
        layout: z.enum(LAYOUTS, { message: `must be one of ${LAYOUTS.join(', ')}` }),
        alternative_dates: z
          .array(dateSet)
          .max(MAX_ALTERNATIVE_DATES, { message: `must hold at most ${MAX_ALTERNATIVE_DATES} date sets` })
          .optional(),
      }),
      breakouts: z
        .strictObject({
          rooms: z
            .number({ message: 'must be a number' })
            .int({ message: 'must be a whole number' })
            .min(1, { message: 'must be at least 1' })
            .max(MAX_BREAKOUT_ROOMS, { message: `must be at most ${MAX_BREAKOUT_ROOMS}` }),
          attendees: z
            .number({ message: 'must be a number' })
            .int({ message: 'must be a whole number' })
            .min(1, { message: 'must be at least 1' })
            .max(5000, { message: 'must be at most 5000' }),
          layout: z.enum(LAYOUTS, { message: `must be one of ${LAYOUTS.join(', ')}` }),
        })
        .optional(),
      destinations: z.array(text(100).min(1, { message: 'must not be empty' })).max(50).default([]),
      venue_types: z
        .array(z.enum(['convention_centre', 'hotel', 'seminar_venue'], { message: 'must be convention_centre, hotel or seminar_venue' }))
        .max(3)
        .default([]),
      accommodation: accommodation.optional(),
      catering: z
        .strictObject({
          lunches: z.boolean({ message: 'must be true or false' }).default(false),
          coffee_breaks_per_day: count(6).default(0),
          dinners: count(MAX_EVENT_DAYS).default(0),
        })
        .optional(),
      av: z.boolean({ message: 'must be true or false' }).default(false),
      budget_eur: z.number({ message: 'must be a number' }).positive({ message: 'must be more than 0' }).max(100_000_000).optional(),
      requirements: z
        .strictObject({
          accessible: z.boolean({ message: 'must be true or false' }).default(false),
          quality_label: text(100).optional(),
        })
        .optional(),
      non_negotiable: z.array(z.enum(CRITERIA, { message: `must be among ${CRITERIA.join(', ')}` })).default([]),
      notes: text(5000).optional(),
    })
    .superRefine((b, ctx) => {
      const { start_date: start, end_date: end } = b.event;
      if (start < today) ctx.addIssue({ code: 'custom', path: ['event', 'start_date'], message: `must be today (${today}) or later` });
      if (end < start) ctx.addIssue({ code: 'custom', path: ['event', 'end_date'], message: 'must be on or after the start date' });
      else if (daysBetween(start, end) + 1 > MAX_EVENT_DAYS)
        ctx.addIssue({ code: 'custom', path: ['event', 'end_date'], message: `the event may last at most ${MAX_EVENT_DAYS} days` });
      const days = daysBetween(start, end) + 1;
      const seen = [`${start}/${end}`];
      (b.event.alternative_dates ?? []).forEach((set, i) => {
        const path = ['event', 'alternative_dates', i];
        if (set.start_date < today) ctx.addIssue({ code: 'custom', path: [...path, 'start_date'], message: `must be today (${today}) or later` });
        if (set.end_date < set.start_date) {
          ctx.addIssue({ code: 'custom', path: [...path, 'end_date'], message: 'must be on or after the start date' });
        } else if (end >= start && daysBetween(set.start_date, set.end_date) + 1 !== days) {
          ctx.addIssue({ code: 'custom', path: [...path, 'end_date'], message: `must give as many days as the main dates (${days})` });
        }
        const key = `${set.start_date}/${set.end_date}`;
        if (seen.includes(key)) ctx.addIssue({ code: 'custom', path: [...path, 'start_date'], message: 'repeats dates already given' });
        seen.push(key);
      });
      if (b.breakouts && b.breakouts.attendees > b.event.attendees) {
        ctx.addIssue({ code: 'custom', path: ['breakouts', 'attendees'], message: `must be at most the event's attendees (${b.event.attendees})` });
      }
      const perNight = b.accommodation?.per_night;
      if (perNight && end >= start && perNight.length > days) {
        ctx.addIssue({ code: 'custom', path: ['accommodation', 'per_night'], message: `must list at most ${days} nights (one per night from the start date)` });
      }
    });
}

export type BriefInput = z.input<ReturnType<typeof briefSchema>>;
export type Brief = z.output<ReturnType<typeof briefSchema>>;

/** Whole days from a to b (YYYY-MM-DD), UTC arithmetic so DST never shifts a day. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export interface DateSet {
  start_date: string;
  end_date: string;
}

/** SPEC §5: the brief's date sets, main dates first, then the alternatives in the organiser's order. */
export function dateSets(brief: Pick<Brief, 'event'>): DateSet[] {
  return [{ start_date: brief.event.start_date, end_date: brief.event.end_date }, ...(brief.event.alternative_dates ?? [])];
}

/** D of SPEC §5: number of event days, inclusive. */
export function eventDays(brief: Pick<Brief, 'event'>): number {
  return daysBetween(brief.event.start_date, brief.event.end_date) + 1;
}

/** SPEC §4: nights defaults to days − 1. */
export function accommodationNights(brief: Pick<Brief, 'event' | 'accommodation'>): number {
  if (brief.accommodation?.per_night) return brief.accommodation.per_night.length;
  return brief.accommodation?.nights ?? eventDays(brief) - 1;
}

export interface FieldError {
  field: string;
  message: string;
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const base = issue.path.join('.');
      return { field: issue.keys.map((k) => (base ? `${base}.${k}` : k)).join(', '), message: 'unknown field' };
    }
    return { field: issue.path.join('.') || '(body)', message: issue.message };
  });
}
