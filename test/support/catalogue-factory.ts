import { briefSchema, type Brief, type BriefInput } from '../../src/core/brief-schema';
import type { Blackout, Catalogue, Layout, Rate, RateItem, Space, Supplier, VatPct } from '../../src/core/catalogue-types';
import type { MatchSettings } from '../../src/matching/build-quote-draft';

/** Small builders for the pure-core tests: every test states only what matters to it. */

export const NOW = '2027-01-15T09:00:00.000Z';
export const FRESH = '2027-01-10T09:00:00.000Z';

export function supplier(supplierId: string, overrides: Partial<Supplier> = {}): Supplier {
  return {
    supplierId,
    name: `Supplier ${supplierId}`,
    kind: 'caterer',
    city: 'Marseille',
    email: `${supplierId.toLowerCase()}@example.org`,
    phone: null,
    qualityLabels: [],
    bedrooms: null,
    accessible: true,
    associatedWith: [],
    active: true,
    ratesConfirmedAt: FRESH,
    ...overrides,
  };
}

export function venue(supplierId: string, overrides: Partial<Supplier> = {}): Supplier {
  return supplier(supplierId, { kind: 'convention_centre', name: `Venue ${supplierId}`, ...overrides });
}

export function space(supplierId: string, spaceId: string, capacities: Partial<Record<Layout, number>> = { theatre: 100 }, name?: string): Space {
  return {
    supplierId,
    spaceId,
    name: name ?? `Room ${spaceId}`,
    capacities: { theatre: null, classroom: null, banquet: null, cabaret: null, reception: null, boardroom: null, ...capacities },
  };
}

export function rate(supplierId: string, item: RateItem, priceCents: number, overrides: Partial<Rate> = {}): Rate {
  return {
    supplierId,
    item,
    spaceId: null,
    priceCents,
    vatPct: 20 as VatPct,
    validFrom: '2026-01-01',
    validTo: null,
    ...overrides,
  };
}

export function hire(supplierId: string, spaceId: string, priceCents: number, overrides: Partial<Rate> = {}): Rate {
  return rate(supplierId, 'space_hire_day', priceCents, { spaceId, ...overrides });
}

export function blackout(supplierId: string, from: string, to: string, spaceId: string | null = null, reason: string | null = null): Blackout {
  return { supplierId, spaceId, from, to, reason };
}

export function catalogue(parts: Partial<Catalogue> = {}): Catalogue {
  return { suppliers: [], spaces: [], rates: [], blackouts: [], ...parts };
}

/** One catalogue holding every row of `parts`, in order. */
export function mergeCatalogues(parts: readonly Catalogue[]): Catalogue {
  return {
    suppliers: parts.flatMap((c) => c.suppliers),
    spaces: parts.flatMap((c) => c.spaces),
    rates: parts.flatMap((c) => c.rates),
    blackouts: parts.flatMap((c) => c.blackouts),
  };
}

type BriefOverrides = Omit<Partial<BriefInput>, 'event' | 'organiser'> & { event?: Partial<BriefInput['event']> };

/** A parsed brief (defaults applied exactly as the API applies them): 3 days from 2027-03-10, 100 in theatre. */
export function brief(overrides: BriefOverrides = {}): Brief {
  const { event, ...rest } = overrides;
  return briefSchema('2027-01-01').parse({
    organiser: { name: 'Ada Martin', email: 'ada@example.org' },
    event: { start_date: '2027-03-10', end_date: '2027-03-12', attendees: 100, layout: 'theatre', ...event },
    ...rest,
  });
}

export function settings(overrides: Partial<MatchSettings> = {}): MatchSettings {
  return { now: NOW, rateStaleDays: 45, quoteOptions: 3, ...overrides };
}
