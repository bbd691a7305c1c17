import { accommodationNights, eventDays, type Brief } from '../core/brief-schema';
import type { RateItem } from '../core/catalogue-types';

/** What a brief asks for, reduced to the quantities of SPEC §6. Same for every venue of one brief. */
export interface BriefQuantities {
  startDate: string;
  days: number;
  attendees: number;
  lunches: boolean;
  breaksPerDay: number;
  dinners: number;
  singleRooms: number;
  doubleRooms: number;
  nights: number;
  /** Room-nights of each kind: rooms × nights, or the sums over `accommodation.per_night` (SPEC §6). */
  singleRoomNights: number;
  doubleRoomNights: number;
  /** Rooms a supplier must hold: the largest night's total (every night's, when uniform). */
  largestNight: number;
  /** Person-nights for the tourist tax: Σ over nights of (single + 2 × double). */
  personNights: number;
  av: boolean;
}

export type ServiceKind = 'caterer' | 'hotel' | 'av';

/** Every rate item a component of each kind can need (serviceComponents, roomsComponent). */
export const SERVICE_ITEMS: Readonly<Record<ServiceKind, readonly RateItem[]>> = {
  caterer: ['lunch', 'coffee_break', 'dinner'],
  hotel: ['bedroom_single_night', 'bedroom_double_night'],
  av: ['av_day'],
};

export interface Need {
  item: RateItem;
  quantity: number;
}

/** A group of lines that one supplier must supply together (rooms: single and double from the same one). */
export interface Component {
  name: 'lunch' | 'coffee_break' | 'dinner' | 'rooms' | 'av';
  kind: ServiceKind;
  /** Only needs with quantity > 0 (SPEC §6: zero-quantity lines are left out). */
  needs: Need[];
  /** Total bedrooms a supplier must hold (rooms only; 0 otherwise). */
  bedrooms: number;
  /** True for the coffee breaks beyond the 2 a day that a day delegate package already holds. */
  extra?: boolean;
}

export function briefQuantities(brief: Brief): BriefQuantities {
  const perNight = brief.accommodation?.per_night;
  if (perNight) {
    let single = 0;
    let double = 0;
    let largest = 0;
    for (const night of perNight) {
      single += night.single_rooms;
      double += night.double_rooms;
      largest = Math.max(largest, night.single_rooms + night.double_rooms);
    }
    return {
      startDate: brief.event.start_date,
      days: eventDays(brief),
      attendees: brief.event.attendees,
      lunches: brief.catering?.lunches ?? false,
      breaksPerDay: brief.catering?.coffee_breaks_per_day ?? 0,
      dinners: brief.catering?.dinners ?? 0,
      // The uniform fields describe no single night: the largest is what a supplier must hold.
      singleRooms: 0,
      doubleRooms: 0,
      nights: perNight.length,
      singleRoomNights: single,
      doubleRoomNights: double,
      largestNight: largest,
      personNights: single + 2 * double,
      av: brief.av ?? false,
    };
  }
  const singleRooms = brief.accommodation?.single_rooms ?? 0;
  const doubleRooms = brief.accommodation?.double_rooms ?? 0;
  const nights = Math.max(0, accommodationNights(brief));
  return {
    startDate: brief.event.start_date,
    days: eventDays(brief),
    attendees: brief.event.attendees,
    lunches: brief.catering?.lunches ?? false,
    breaksPerDay: brief.catering?.coffee_breaks_per_day ?? 0,
    dinners: brief.catering?.dinners ?? 0,
    singleRooms,
    doubleRooms,
    nights,
    singleRoomNights: singleRooms * nights,
    doubleRoomNights: doubleRooms * nights,
    largestNight: singleRooms + doubleRooms,
    personNights: (singleRooms + 2 * doubleRooms) * nights,
    av: brief.av ?? false,
  };
}

/** Rooms are requested only when some are asked for and there is at least one night (SPEC §6.3). */
export function roomsRequested(q: BriefQuantities): boolean {
  return q.singleRoomNights + q.doubleRoomNights > 0 && q.nights > 0;
}

export function roomsComponent(q: BriefQuantities): Component | null {
  if (!roomsRequested(q)) return null;
  const needs: Need[] = [
    { item: 'bedroom_single_night', quantity: q.singleRoomNights },
    { item: 'bedroom_double_night', quantity: q.doubleRoomNights },
  ].filter((n): n is Need => n.quantity > 0) as Need[];
  return { name: 'rooms', kind: 'hotel', needs, bedrooms: q.largestNight };
}

/**
 * Components other than the venue's own meeting line (day delegate or space hire), in quote order.
 * `dayDelegate` says whether the day delegate package covers lunch and the first 2 breaks.
 */
export function serviceComponents(q: BriefQuantities, dayDelegate: boolean): Component[] {
  const perDay = q.attendees * q.days;
  const components: Component[] = [];
  const single = (name: Component['name'], kind: ServiceKind, item: RateItem, quantity: number, extra?: boolean): void => {
    if (quantity > 0) components.push({ name, kind, needs: [{ item, quantity }], bedrooms: 0, ...(extra ? { extra } : {}) });
  };
  if (dayDelegate) {
    single('coffee_break', 'caterer', 'coffee_break', perDay * Math.max(0, q.breaksPerDay - 2), true);
  } else {
    if (q.lunches) single('lunch', 'caterer', 'lunch', perDay);
    single('coffee_break', 'caterer', 'coffee_break', perDay * q.breaksPerDay);
  }
  single('dinner', 'caterer', 'dinner', q.attendees * q.dinners);
  const rooms = roomsComponent(q);
  if (rooms) components.push(rooms);
  if (q.av) single('av', 'av', 'av_day', q.days);
  return components;
}

/** Both component lists of a brief, built once so per-venue pricing reuses them (and their memo). */
export interface BriefComponents {
  withDayDelegate: Component[];
  withoutDayDelegate: Component[];
}

export function briefComponents(q: BriefQuantities): BriefComponents {
  return { withDayDelegate: serviceComponents(q, true), withoutDayDelegate: serviceComponents(q, false) };
}
