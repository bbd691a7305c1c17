import type { Knex } from 'knex';

/**
 * Hand-built rows with known times for the hub dashboard and /metrics tests, written straight
 * into the tables (the way the worker and the quote editor leave them), so every KPI can be
 * worked out by hand in the test.
 */

export const HOUR_MS = 3_600_000;
export const SLA_HOURS = 48;

export interface BriefRowInput {
  ref: string;
  status: string;
  receivedAt: Date;
  title?: string;
  organisation?: string;
  destinations?: string[];
  attendees?: number;
  quotedAfterHours?: number;
  sentAfterHours?: number;
  reviewReasons?: { code: string; detail: string }[];
  interestRank?: number;
  /** Each quote version: who wrote it, how many options, and whether it was sent. */
  quotes?: { createdBy: string; options: number; sent: boolean }[];
}

const iso = (d: Date) => d.toISOString();
const after = (d: Date, hours: number) => new Date(d.getTime() + hours * HOUR_MS);

export async function insertBrief(db: Knex, b: BriefRowInput): Promise<number> {
  const payload = {
    organiser: { name: 'Test Organiser', organisation: b.organisation ?? 'Test Org', email: 'organiser@example.org', phone: null, language: 'en' },
    event: { title: b.title ?? `Event ${b.ref}`, type: 'seminar', start_date: '2027-06-01', end_date: '2027-06-02', attendees: b.attendees ?? 50, layout: 'theatre' },
    destinations: b.destinations ?? [],
    venue_types: [],
    non_negotiable: [],
  };
  const [row] = await db('briefs')
    .insert({
      ref: b.ref,
      public_token: `tok-${b.ref}`,
      status: b.status,
      payload: JSON.stringify(payload),
      language: 'en',
      start_date: '2027-06-01',
      attendees: b.attendees ?? 50,
      received_at: iso(b.receivedAt),
      sla_due_at: iso(after(b.receivedAt, SLA_HOURS)),
      quoted_at: b.quotedAfterHours === undefined ? null : iso(after(b.receivedAt, b.quotedAfterHours)),
      sent_at: b.sentAfterHours === undefined ? null : iso(after(b.receivedAt, b.sentAfterHours)),
      review_reasons: JSON.stringify(b.reviewReasons ?? []),
      interest_rank: b.interestRank ?? null,
    })
    .returning('id');
  const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
  let version = 0;
  for (const q of b.quotes ?? []) {
    version += 1;
    const created = after(b.receivedAt, b.quotedAfterHours ?? 0);
    const [qRow] = await db('quotes')
      .insert({
        brief_id: id,
        version,
        created_at: iso(created),
        created_by: q.createdBy,
        eliminated: '[]',
        sent_at: q.sent && b.sentAfterHours !== undefined ? iso(after(b.receivedAt, b.sentAfterHours)) : null,
      })
      .returning('id');
    const quoteId = typeof qRow === 'object' ? (qRow as { id: number }).id : (qRow as number);
    for (let rank = 1; rank <= q.options; rank++) {
      await db('quote_options').insert({
        quote_id: quoteId, rank, score: 0.5, stale_rates: false, venue_supplier_id: `V${rank}`, venue_name: `Venue ${rank}`,
        venue_city: 'Marseille', space_id: 'S1', reasons: '[]', net_cents: 100000, vat_cents: 20000, gross_cents: 120000,
      });
    }
  }
  return id;
}

export async function insertMail(db: Knex, m: { key: string; kind: string; status: string; briefId: number | null; at: Date; recipient?: string; lastError?: string }): Promise<void> {
  await db('mail_log').insert({
    dedupe_key: m.key, kind: m.kind, recipient: m.recipient ?? 'someone@example.org', brief_id: m.briefId, subject: 'Test', html: '<p>t</p>', text: 't',
    status: m.status, attempts: m.status === 'failed' ? 10 : 1, last_error: m.lastError ?? null, created_at: iso(m.at), updated_at: iso(m.at),
  });
}

export async function insertSupplier(db: Knex, s: { id: string; city: string; active?: boolean; confirmedDaysAgo: number | null; now: Date }): Promise<void> {
  await db('suppliers').insert({
    supplier_id: s.id, name: `Supplier ${s.id}`, kind: 'hotel', city: s.city, email: `${s.id.toLowerCase()}@example.org`, accessible: true,
    active: s.active ?? true, rates_confirmed_at: s.confirmedDaysAgo === null ? null : iso(new Date(s.now.getTime() - s.confirmedDaysAgo * 24 * HOUR_MS)),
  });
}

/**
 * The scenario, relative to `now` (SLA 48 h). In the default 30-day period: A, B, C sent (A auto,
 * B and C after review, C late), D needs review and breached, E needs review, F received,
 * G matching, I cancelled unsent. H is 40 days old, outside the period.
 */
export async function seedScenario(db: Knex, now: Date): Promise<Record<string, number>> {
  const ago = (h: number) => new Date(now.getTime() - h * HOUR_MS);
  const ids: Record<string, number> = {};
  ids.A = await insertBrief(db, { ref: 'PCE-T-A', status: 'sent', receivedAt: ago(100), destinations: ['Marseille'], quotedAfterHours: 1, sentAfterHours: 1, interestRank: 1, quotes: [{ createdBy: 'machine', options: 3, sent: true }] });
  ids.B = await insertBrief(db, {
    ref: 'PCE-T-B', status: 'sent', receivedAt: ago(90), destinations: ['Nice'], quotedAfterHours: 2, sentAfterHours: 30,
    reviewReasons: [{ code: 'stale_rates', detail: 'rates not confirmed' }],
    quotes: [{ createdBy: 'machine', options: 3, sent: false }, { createdBy: 'hub@example.org', options: 2, sent: true }],
  });
  ids.C = await insertBrief(db, {
    ref: 'PCE-T-C', status: 'sent', receivedAt: ago(80), destinations: ['Marseille', 'Aix-en-Provence'], quotedAfterHours: 3, sentAfterHours: 50,
    reviewReasons: [{ code: 'auto_send_off', detail: 'AUTO_SEND is off' }], quotes: [{ createdBy: 'machine', options: 3, sent: true }],
  });
  ids.D = await insertBrief(db, {
    ref: 'PCE-T-D', status: 'needs_review', receivedAt: ago(60), title: 'Breached congress', quotedAfterHours: 4,
    reviewReasons: [{ code: 'stale_rates', detail: 'rates not confirmed for 1 option(s)' }], quotes: [{ createdBy: 'machine', options: 2, sent: false }],
  });
  ids.E = await insertBrief(db, {
    ref: 'PCE-T-E', status: 'needs_review', receivedAt: ago(30), title: 'Review seminar', destinations: ['Nice'],
    reviewReasons: [{ code: 'no_feasible_venue', detail: 'no venue has a big enough space' }],
  });
  ids.F = await insertBrief(db, { ref: 'PCE-T-F', status: 'received', receivedAt: ago(10), title: 'Fresh gala', destinations: ['Cannes'] });
  ids.G = await insertBrief(db, { ref: 'PCE-T-G', status: 'matching', receivedAt: ago(40), title: 'Urgent incentive', destinations: ['Marseille'] });
  ids.H = await insertBrief(db, { ref: 'PCE-T-H', status: 'sent', receivedAt: ago(40 * 24), destinations: ['Marseille'], quotedAfterHours: 0.5, sentAfterHours: 0.5, quotes: [{ createdBy: 'machine', options: 3, sent: true }] });
  ids.I = await insertBrief(db, { ref: 'PCE-T-I', status: 'cancelled', receivedAt: ago(70), destinations: ['Nice'] });

  await insertMail(db, { key: 'k1', kind: 'lead', status: 'failed', briefId: ids.C!, at: ago(20), recipient: 'venue-failed@example.org', lastError: '550 mailbox unavailable' });
  await insertMail(db, { key: 'k2', kind: 'draft_quote', status: 'delivered', briefId: ids.A!, at: ago(99) });

  await insertSupplier(db, { id: 'MRS-FRESH', city: 'Marseille', confirmedDaysAgo: 10, now });
  await insertSupplier(db, { id: 'MRS-STALE', city: 'Marseille', confirmedDaysAgo: 60, now });
  await insertSupplier(db, { id: 'NCE-NEVER', city: 'Nice', confirmedDaysAgo: null, now });
  await insertSupplier(db, { id: 'NCE-OFF', city: 'Nice', active: false, confirmedDaysAgo: 1, now });
  return ids;
}
