import { z } from 'zod';
import { LAYOUTS } from '../suppliers/catalogue-types';

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
      }),
      destinations: z.array(text(100).min(1, { message: 'must not be empty' })).max(50).default([]),
      venue_types: z
        .array(z.enum(['convention_centre', 'hotel', 'seminar_venue'], { message: 'must be convention_centre, hotel or seminar_venue' }))
        .max(3)
        .default([]),
      accommodation: z
        .strictObject({
          single_rooms: count(5000).default(0),
          double_rooms: count(5000).default(0),
          nights: count(30).optional(),
        })
        .optional(),
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
    });
}

export type BriefInput = z.input<ReturnType<typeof briefSchema>>;
export type Brief = z.output<ReturnType<typeof briefSchema>>;

/** Whole days from a to b (YYYY-MM-DD), UTC arithmetic so DST never shifts a day. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** D of SPEC §5: number of event days, inclusive. */
export function eventDays(brief: Pick<Brief, 'event'>): number {
  return daysBetween(brief.event.start_date, brief.event.end_date) + 1;
}

/** SPEC §4: nights defaults to days − 1. */
export function accommodationNights(brief: Pick<Brief, 'event' | 'accommodation'>): number {
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
