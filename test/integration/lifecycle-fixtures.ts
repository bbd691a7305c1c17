import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { TABLES } from '../../src/platform/tables';
import { moveBrief, SYSTEM } from '../../src/briefs/brief-lifecycle';
import { randomToken, sha256Hex } from '../../src/platform/secrets';
import { SurveyLinkStore } from '../../src/briefs/survey-link-store';

/**
 * SPEC §9 rows that the other half of issue 14 writes (availability requests, holds), inserted
 * directly so these tests need nothing but the schema; and a brief walked to `booked` through the
 * one state machine, as the organiser and the system would.
 */
export async function insertRequest(
  db: Knex,
  briefId: number,
  r: { supplierId: string; role?: 'venue' | 'service'; status?: string; createdAt: Date; answeredAt?: Date | null; declineReason?: string | null; quoteVersion?: number; optionRank?: number },
): Promise<number> {
  const created = r.createdAt.getTime();
  const [row] = (await db(TABLES.availabilityRequests)
    .insert({
      brief_id: briefId,
      quote_version: r.quoteVersion ?? 1,
      option_rank: r.optionRank ?? 1,
      supplier_id: r.supplierId,
      role: r.role ?? 'service',
      token_hash: sha256Hex(randomBytes(16).toString('hex')),
      status: r.status ?? 'open',
      decline_reason: r.declineReason ?? null,
      comment: null,
      created_at: r.createdAt.toISOString(),
      remind_at: new Date(created + 12 * 3_600_000).toISOString(),
      due_at: new Date(created + 24 * 3_600_000).toISOString(),
      answered_at: r.answeredAt ? r.answeredAt.toISOString() : null,
      answered_by: r.answeredAt ? r.supplierId : null,
    })
    .returning('id')) as ({ id: number } | number)[];
  return typeof row === 'object' ? row!.id : row!;
}

export async function insertHold(db: Knex, briefId: number, h: { supplierId: string; spaceId: string; start: string; end: string; createdAt: Date; days?: number }): Promise<void> {
  await db(TABLES.holds).insert({
    brief_id: briefId,
    request_id: null,
    supplier_id: h.supplierId,
    space_id: h.spaceId,
    start_date: h.start,
    end_date: h.end,
    created_at: h.createdAt.toISOString(),
    expires_at: new Date(h.createdAt.getTime() + (h.days ?? 7) * 86_400_000).toISOString(),
    status: 'active',
  });
}

/** sent → interested (option `rank`) → confirmed → booked, each through moveBrief. */
export async function bookBrief(db: Knex, briefId: number, at: Date, rank = 1): Promise<void> {
  await db.transaction(async (trx) => {
    await trx(TABLES.briefs).where({ id: briefId }).update({ interest_rank: rank, interest_at: at.toISOString() });
    await moveBrief(trx, briefId, { to: 'interested', actor: { kind: 'organiser' }, at, reason: `option_${rank}` });
    await moveBrief(trx, briefId, { to: 'confirmed', actor: SYSTEM, at });
    await moveBrief(trx, briefId, { to: 'booked', actor: { kind: 'organiser' }, at });
  });
}

/** A survey link as the worker mints one when the e-mail leaves (the database keeps only the hash). */
export async function mintSurveyLink(db: Knex, briefId: number): Promise<string> {
  const token = randomToken();
  await new SurveyLinkStore(db).add(briefId, sha256Hex(token), new Date());
  return token;
}
