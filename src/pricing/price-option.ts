import type { Rate, Space, Supplier } from '../suppliers/catalogue-types';
import type { QuoteLine, Totals } from '../quotes/quote-types';
import { lineAmounts, sumTotals } from './money';
import { findRate } from './rate-lookup';
import type { PricingIndex } from './pricing-index';
import { serviceComponents, type BriefQuantities, type Component, type Need } from './requested-lines';
import { chooseSupplier } from './choose-supplier';

export type PricedOption =
  | { ok: true; lines: QuoteLine[]; totals: Totals; suppliers: Supplier[] }
  | { ok: false; missing: string[] };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describe(need: Need, component: Component | null, space: Space, q: BriefQuantities): string {
  switch (need.item) {
    case 'day_delegate':
      return `Day delegate package — ${space.name}`;
    case 'space_hire_day':
      return `Space hire — ${space.name}, ${plural(q.days, 'day')}`;
    case 'lunch':
      return 'Lunch';
    case 'coffee_break':
      return component?.extra ? 'Coffee breaks beyond 2 a day' : 'Coffee break';
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

function line(supplier: Supplier, venue: Supplier, rate: Rate, need: Need, description: string, spaceId: string | null): QuoteLine {
  // Naming an outside supplier tells the organiser the quote combines several firms.
  const who = supplier.supplierId === venue.supplierId ? '' : ` — ${supplier.name}`;
  return {
    supplier_id: supplier.supplierId,
    item: need.item,
    space_id: spaceId,
    description: `${description}${who}`,
    quantity: need.quantity,
    unit_price_cents: rate.priceCents,
    vat_pct: rate.vatPct,
    ...lineAmounts(need.quantity, rate.priceCents, rate.vatPct),
  };
}

function missingText(component: Component): string {
  if (component.name === 'rooms') return `no hotel with ${plural(component.bedrooms, 'room')} and the room rates`;
  if (component.name === 'av') return 'no AV supplier';
  if (component.name === 'coffee_break') return 'no coffee break supplier';
  return `no ${component.name} supplier`;
}

/**
 * SPEC §6: the lines of one venue option, with plenary space S. Collects every missing rate rather than
 * stopping at the first, so hub staff see all that blocks the quote at once.
 */
export function priceOption(index: PricingIndex, q: BriefQuantities, venue: Supplier, space: Space): PricedOption {
  const date = q.startDate;
  const lines: QuoteLine[] = [];
  const missing: string[] = [];
  const suppliers = new Map<string, Supplier>([[venue.supplierId, venue]]);

  const dayDelegate = q.lunches ? findRate(index.rates, venue.supplierId, 'day_delegate', date) : null;
  if (dayDelegate) {
    const need: Need = { item: 'day_delegate', quantity: q.attendees * q.days };
    lines.push(line(venue, venue, dayDelegate, need, describe(need, null, space, q), null));
  } else {
    const hire = findRate(index.rates, venue.supplierId, 'space_hire_day', date, space.spaceId);
    const need: Need = { item: 'space_hire_day', quantity: q.days };
    if (hire) lines.push(line(venue, venue, hire, need, describe(need, null, space, q), space.spaceId));
    else missing.push(`no space hire rate for ${space.name}`);
  }

  for (const component of serviceComponents(q, dayDelegate !== null)) {
    const supplied = chooseSupplier(index, venue, component, date);
    if (!supplied) {
      missing.push(missingText(component));
      continue;
    }
    suppliers.set(supplied.supplier.supplierId, supplied.supplier);
    component.needs.forEach((need, i) =>
      lines.push(line(supplied.supplier, venue, supplied.rates[i]!, need, describe(need, component, space, q), null)),
    );
  }

  if (missing.length > 0) return { ok: false, missing };
  // Only suppliers that actually appear in a line (the venue always does: it hires the space).
  return { ok: true, lines, totals: sumTotals(lines), suppliers: [...suppliers.values()] };
}
