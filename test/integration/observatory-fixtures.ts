import type { Knex } from 'knex';

/**
 * Hand-built briefs for the observatory tests, written straight into the tables the way the
 * worker leaves them, so every median and quartile can be worked out by hand in the test.
 */
export interface ObsBrief {
  receivedAt: string;
  destinations?: string[];
  type?: string;
  attendees: number;
  /** Budget per attendee in whole euros; the brief's budget_eur is attendees × this. */
  perAttendeeEur?: number;
  /** Days from the receipt date (UTC) to the event start. */
  leadDays: number;
  status?: string;
  sent?: boolean;
  interestRank?: number;
  /** Venues eliminated per cause, for a brief with no feasible venue. */
  eliminatedBy?: Record<string, number>;
  /** The suppliers with lines in each option of the sent quote (option rank = index + 1). */
  optionSuppliers?: string[][];
}

let counter = 0;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function insertObsBrief(db: Knex, b: ObsBrief): Promise<number> {
  counter += 1;
  const ref = `PCE-OBS-${String(counter).padStart(5, '0')}`;
  const start = addDays(b.receivedAt.slice(0, 10), b.leadDays);
  const payload = {
    organiser: { name: 'Obs Organiser', email: `obs${counter}@example.org`, language: 'en' },
    event: { title: `Observed ${counter}`, type: b.type ?? 'seminar', start_date: start, end_date: start, attendees: b.attendees, layout: 'theatre' },
    destinations: b.destinations ?? [],
    venue_types: [],
    non_negotiable: [],
    ...(b.perAttendeeEur === undefined ? {} : { budget_eur: b.attendees * b.perAttendeeEur }),
  };
  const sentAt = b.sent ? new Date(Date.parse(b.receivedAt) + 3_600_000).toISOString() : null;
  const reasons = b.eliminatedBy ? [{ code: 'no_feasible_venue', detail: 'No venue meets every requirement.', data: { eliminated_by: b.eliminatedBy } }] : [];
  const [row] = await db('briefs')
    .insert({
      ref,
      public_token: `obs-${counter}-${Math.random().toString(36).slice(2)}`,
      status: b.status ?? (b.sent ? (b.interestRank ? 'interested' : 'sent') : b.eliminatedBy ? 'needs_review' : 'received'),
      payload: JSON.stringify(payload),
      language: 'en',
      start_date: start,
      attendees: b.attendees,
      received_at: b.receivedAt,
      sla_due_at: new Date(Date.parse(b.receivedAt) + 48 * 3_600_000).toISOString(),
      quoted_at: sentAt,
      sent_at: sentAt,
      review_reasons: JSON.stringify(reasons),
      interest_rank: b.interestRank ?? null,
    })
    .returning('id');
  const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
  if (b.optionSuppliers) {
    const [q] = await db('quotes').insert({ brief_id: id, version: 1, created_at: sentAt ?? b.receivedAt, created_by: 'machine', eliminated: '[]', sent_at: sentAt }).returning('id');
    const quoteId = typeof q === 'object' ? (q as { id: number }).id : (q as number);
    for (const [i, suppliers] of b.optionSuppliers.entries()) {
      const [o] = await db('quote_options')
        .insert({
          quote_id: quoteId, rank: i + 1, score: 0.5, stale_rates: false, venue_supplier_id: suppliers[0]!, venue_name: `Venue ${suppliers[0]}`,
          venue_city: 'Marseille', space_id: 'S1', reasons: '[]', net_cents: 100000, vat_cents: 20000, gross_cents: 120000,
        })
        .returning('id');
      const optionId = typeof o === 'object' ? (o as { id: number }).id : (o as number);
      for (const [position, supplierId] of suppliers.entries()) {
        await db('quote_lines').insert({
          option_id: optionId, position, supplier_id: supplierId, item: 'day_delegate', space_id: null, description: 'Day delegate',
          quantity: 10, unit_price_cents: 10000, vat_pct: 20, net_cents: 100000, vat_cents: 20000, gross_cents: 120000,
        });
      }
    }
  }
  return id;
}

/** The same receipt instant for every brief of a month: mid-month, mid-morning UTC (the same Paris day). */
export const MARCH = '2027-03-10T09:00:00.000Z';
export const FEBRUARY = '2027-02-10T09:00:00.000Z';
export const JANUARY = '2027-01-12T09:00:00.000Z';
/** The one brief in Nice in March: its figures must never be recoverable. */
export const TARGET = { attendees: 777, perAttendeeEur: 333, leadDays: 17 };

/**
 * March 2027: Marseille 7 briefs, Aix-en-Provence 5, Nice 1 (the target). February: Toulon 6,
 * all without a feasible venue. January: Marseille 3. Supplier OWNV has 3 March leads (one with
 * the organiser's interest), OTHER has 4 (two with interest). One Marseille brief was booked.
 */
export async function seedObservatory(db: Knex): Promise<void> {
  const marseille: Omit<ObsBrief, 'receivedAt'>[] = [
    { attendees: 100, perAttendeeEur: 50, leadDays: 10, type: 'seminar', sent: true, interestRank: 1, optionSuppliers: [['OWNV'], ['OTHER']] },
    { attendees: 200, perAttendeeEur: 80, leadDays: 30, type: 'seminar', sent: true, interestRank: 2, status: 'booked', optionSuppliers: [['OWNV'], ['OTHER']] },
    { attendees: 50, perAttendeeEur: 120, leadDays: 45, type: 'congress', sent: true, optionSuppliers: [['OTHER']] },
    { attendees: 300, perAttendeeEur: 200, leadDays: 60, type: 'seminar', sent: true, optionSuppliers: [['OTHER']] },
    { attendees: 150, perAttendeeEur: 90, leadDays: 90, type: 'congress', sent: true },
    { attendees: 80, perAttendeeEur: 60, leadDays: 120, type: 'gala', eliminatedBy: { capacity: 5, dates: 2 } },
    { attendees: 120, leadDays: 200, type: 'seminar', eliminatedBy: { capacity: 1, budget: 3 } },
  ];
  for (const b of marseille) await insertObsBrief(db, { receivedAt: MARCH, destinations: ['Marseille'], ...b });
  for (let i = 0; i < 5; i++) await insertObsBrief(db, { receivedAt: MARCH, destinations: [i % 2 ? 'aix-en-provence' : 'Aix-en-Provence'], attendees: 40, perAttendeeEur: 100, leadDays: 20, sent: true });
  await insertObsBrief(db, { receivedAt: MARCH, destinations: ['Nice'], type: 'incentive', ...TARGET, sent: true, interestRank: 1, optionSuppliers: [['OWNV', 'OTHER']] });
  // A cancelled brief is left out of every figure.
  await insertObsBrief(db, { receivedAt: MARCH, destinations: ['Nice'], attendees: 9, leadDays: 5, status: 'cancelled' });

  const toulon: Omit<ObsBrief, 'receivedAt'>[] = [
    { attendees: 400, leadDays: 112, eliminatedBy: { capacity: 9 } }, // 2027-06-02
    { attendees: 600, leadDays: 120, eliminatedBy: { capacity: 9, dates: 1 } }, // 2027-06-10
    { attendees: 800, leadDays: 130, eliminatedBy: { capacity: 9 } }, // 2027-06-20
    { attendees: 1000, leadDays: 141, eliminatedBy: { capacity: 9 } }, // 2027-07-01
    { attendees: 1200, leadDays: 155, eliminatedBy: { capacity: 9 } }, // 2027-07-15
    { attendees: 90, leadDays: 60, eliminatedBy: { dates: 5, capacity: 2 } },
  ];
  for (const b of toulon) await insertObsBrief(db, { receivedAt: FEBRUARY, destinations: ['Toulon'], ...b });

  for (let i = 0; i < 3; i++) await insertObsBrief(db, { receivedAt: JANUARY, destinations: ['Marseille'], attendees: 60, perAttendeeEur: 70, leadDays: 40 });
}
