import type { Language } from '../core/brief-schema';
import type { Rate, Space, Supplier } from '../core/catalogue-types';
import type { QuoteLine, Totals } from '../core/quote-types';
import { lineAmounts, vatCents } from './money';
import { findRateIn } from './rate-lookup';
import type { PricingIndex } from './pricing-index';
import { briefComponents, type BriefComponents, type BriefQuantities, type Component, type Need } from './requested-lines';
import { chooseSupplier } from './choose-supplier';

/** One line before it is written out: enough to total it now and describe it only if it is quoted. */
interface PlannedLine {
  supplier: Supplier;
  rate: Rate;
  need: Need;
  component: Component | null;
  /** The space a space_hire_day line hires when it is not the plenary (a breakout room). */
  space?: Space;
}

/**
 * A priced venue. Lines are kept as a plan and written out by `quoteLines` only for the few options
 * that reach the quote: 10,000 venues must not each allocate descriptions nobody reads.
 */
export type PricePlan =
  | { ok: true; planned: PlannedLine[]; totals: Totals; suppliers: Supplier[] }
  | { ok: false; missing: string[] };

export type PricedOption = { ok: true; lines: QuoteLine[]; totals: Totals; suppliers: Supplier[] } | { ok: false; missing: string[] };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** French plural: 0 and 1 take the singular. */
function pluriel(n: number, mot: string): string {
  return `${n} ${mot}${n > 1 ? 's' : ''}`;
}

function describeEn(planned: PlannedLine, space: Space, q: BriefQuantities): string {
  switch (planned.need.item) {
    case 'tourist_tax_night':
      return `Tourist tax, ${plural(planned.need.quantity, 'person-night')}`;
    case 'day_delegate':
      return `Day delegate package — ${space.name}`;
    case 'space_hire_day':
      return planned.space ? `Breakout room — ${planned.space.name}, ${plural(q.days, 'day')}` : `Space hire — ${space.name}, ${plural(q.days, 'day')}`;
    case 'lunch':
      return 'Lunch';
    case 'coffee_break':
      return planned.component?.extra ? 'Coffee breaks beyond 2 a day' : 'Coffee break';
    case 'dinner':
      return 'Dinner';
    case 'bedroom_single_night':
      return `Single room, ${plural(q.nights, 'night')}`;
    case 'bedroom_double_night':
      return `Double room, ${plural(q.nights, 'night')}`;
    case 'av_day':
      return `Audio-visual equipment, ${plural(q.days, 'day')}`;
  }
}

function describeFr(planned: PlannedLine, space: Space, q: BriefQuantities): string {
  switch (planned.need.item) {
    case 'tourist_tax_night':
      return `Taxe de séjour, ${pluriel(planned.need.quantity, 'nuitée')}`;
    case 'day_delegate':
      return `Forfait journée d'étude — ${space.name}`;
    case 'space_hire_day':
      return planned.space ? `Salle de sous-commission — ${planned.space.name}, ${pluriel(q.days, 'jour')}` : `Location de salle — ${space.name}, ${pluriel(q.days, 'jour')}`;
    case 'lunch':
      return 'Déjeuner';
    case 'coffee_break':
      return planned.component?.extra ? 'Pauses-café au-delà de 2 par jour' : 'Pause-café';
    case 'dinner':
      return 'Dîner';
    case 'bedroom_single_night':
      return `Chambre individuelle, ${pluriel(q.nights, 'nuit')}`;
    case 'bedroom_double_night':
      return `Chambre double, ${pluriel(q.nights, 'nuit')}`;
    case 'av_day':
      return `Matériel audiovisuel, ${pluriel(q.days, 'jour')}`;
  }
}

function missingText(component: Component): string {
  if (component.name === 'rooms') return `no hotel with ${plural(component.bedrooms, 'room')} and the room rates`;
  if (component.name === 'av') return 'no AV supplier';
  if (component.name === 'coffee_break') return 'no coffee break supplier';
  return `no ${component.name} supplier`;
}

/**
 * SPEC §6: the lines of one venue option with plenary space S. Collects every missing rate rather than
 * stopping at the first, so hub staff see all that blocks the quote at once.
 */
export function planOption(
  index: PricingIndex,
  q: BriefQuantities,
  components: BriefComponents,
  venue: Supplier,
  space: Space,
  // The venue's list of the rate index: a prepared catalogue holds it, sparing a map lookup per rate.
  venueRates: readonly Rate[] = index.rates.get(venue.supplierId) ?? [],
  // SPEC §6.5: the breakout spaces chosen after the plenary, each hired every day (never in the package).
  breakouts: readonly Space[] = [],
): PricePlan {
  const date = q.startDate;
  const planned: PlannedLine[] = [];
  const missing: string[] = [];
  let roomsSupplier: Supplier | null = null;

  const dayDelegate = q.lunches ? findRateIn(venueRates, 'day_delegate', date) : null;
  if (dayDelegate) {
    planned.push({ supplier: venue, rate: dayDelegate, need: { item: 'day_delegate', quantity: q.attendees * q.days }, component: null });
  } else {
    const hire = findRateIn(venueRates, 'space_hire_day', date, space.spaceId);
    if (hire) planned.push({ supplier: venue, rate: hire, need: { item: 'space_hire_day', quantity: q.days }, component: null });
    else missing.push(`no space hire rate for ${space.name}`);
  }

  for (const component of dayDelegate ? components.withDayDelegate : components.withoutDayDelegate) {
    const supplied = chooseSupplier(index, venue, component, date, venueRates);
    if (!supplied) {
      missing.push(missingText(component));
      continue;
    }
    for (let i = 0; i < component.needs.length; i++) {
      planned.push({ supplier: supplied.supplier, rate: supplied.rates[i]!, need: component.needs[i]!, component });
    }
    if (component.name === 'rooms') roomsSupplier = supplied.supplier;
  }

  for (const breakout of breakouts) {
    const hire = findRateIn(venueRates, 'space_hire_day', date, breakout.spaceId);
    if (hire) planned.push({ supplier: venue, rate: hire, need: { item: 'space_hire_day', quantity: q.days }, component: null, space: breakout });
    else missing.push(`no space hire rate for ${breakout.name}`);
  }

  // SPEC §6.6: the rooms' supplier's taxe de séjour, when it lists one; none is not a missing rate.
  if (roomsSupplier && q.personNights > 0) {
    const own = roomsSupplier === venue ? venueRates : (index.rates.get(roomsSupplier.supplierId) ?? []);
    const tax = findRateIn(own, 'tourist_tax_night', date);
    if (tax) planned.push({ supplier: roomsSupplier, rate: tax, need: { item: 'tourist_tax_night', quantity: q.personNights }, component: null });
  }
  if (missing.length > 0) return { ok: false, missing };

  const totals: Totals = { net_cents: 0, vat_cents: 0, gross_cents: 0 };
  const suppliers: Supplier[] = [];
  for (const line of planned) {
    const net = line.need.quantity * line.rate.priceCents;
    const vat = vatCents(net, line.rate.vatPct);
    totals.net_cents += net;
    totals.vat_cents += vat;
    totals.gross_cents += net + vat;
    if (!suppliers.includes(line.supplier)) suppliers.push(line.supplier);
  }
  return { ok: true, planned, totals, suppliers };
}

/**
 * Writes a plan out as SPEC §8 quote lines, described in the organiser's language (the stored quote is
 * what they read). An outside supplier is named: the quote combines firms.
 */
export function quoteLines(planned: readonly PlannedLine[], venue: Supplier, space: Space, q: BriefQuantities, lang: Language = 'en'): QuoteLine[] {
  const describe = lang === 'fr' ? describeFr : describeEn;
  return planned.map((line) => ({
    supplier_id: line.supplier.supplierId,
    item: line.need.item,
    space_id: line.need.item === 'space_hire_day' ? (line.space ?? space).spaceId : null,
    description: `${describe(line, space, q)}${line.supplier === venue ? '' : ` — ${line.supplier.name}`}`,
    quantity: line.need.quantity,
    unit_price_cents: line.rate.priceCents,
    vat_pct: line.rate.vatPct,
    ...lineAmounts(line.need.quantity, line.rate.priceCents, line.rate.vatPct),
  }));
}

/** Plan and write out in one go: for callers pricing a single venue. */
export function priceOption(index: PricingIndex, q: BriefQuantities, venue: Supplier, space: Space, lang: Language = 'en'): PricedOption {
  const plan = planOption(index, q, briefComponents(q), venue, space);
  if (!plan.ok) return plan;
  return { ok: true, lines: quoteLines(plan.planned, venue, space, q, lang), totals: plan.totals, suppliers: plan.suppliers };
}
