import type { Knex } from 'knex';
import { z } from 'zod';
import { TABLES } from '../platform/tables';
import { toIsoOrNull } from '../platform/db';
import type { Clock } from '../platform/clock';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { errorFields } from '../platform/logger';
import type { EmailRenderer } from '../mail/email-renderer';
import { NotFoundError, type FieldProblem } from '../platform/errors';
import { LOST_REASONS, moveBrief, moveBriefOrThrow, SYSTEM, type LostReason } from './brief-lifecycle';
import { endOpenRequestsAndHolds, type EndedOpen } from './end-open-requests';
import { storesFor } from '../stores';

export const OUTCOME_COMMENT_MAX = 2000;

export interface OutcomeDeps {
  db: Knex;
  clock: Clock;
  renderer: EmailRenderer;
  config: Pick<Config, 'publicUrl'> & Partial<Config>;
  logger?: Logger;
}

const lostForm = z.object({
  reason: z.enum(LOST_REASONS, { message: `choose a reason: ${LOST_REASONS.join(', ')}` }),
  comment: z
    .string()
    .optional()
    .transform((c) => (c ?? '').replace(/\r\n/g, '\n').trim())
    .refine((c) => c.length <= OUTCOME_COMMENT_MAX, { message: `a comment has at most ${OUTCOME_COMMENT_MAX} characters` }),
});

export type OutcomeResult = { ok: true; moved: boolean; ended: EndedOpen } | { ok: false; errors: FieldProblem[] };

function problems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: String(i.path[0] ?? 'reason'), message: i.message }));
}

/**
 * SPEC §9.6: hub staff mark a brief lost (with a reason and an optional comment) or cancel it. One
 * transaction: the move (a compare-and-set recorded in brief_status_events), then the brief's open
 * availability requests withdrawn, its holds released and their suppliers told. A brief already
 * lost or cancelled is a conflict the desk reports; nothing changes.
 */
export async function markLost(deps: OutcomeDeps, ref: string, input: { reason?: unknown; comment?: unknown }, staffEmail: string): Promise<OutcomeResult> {
  const parsed = lostForm.safeParse({ reason: input.reason, comment: typeof input.comment === 'string' ? input.comment : undefined });
  if (!parsed.success) return { ok: false, errors: problems(parsed.error) };
  const { reason, comment } = parsed.data;
  return endBrief(deps, ref, { to: 'lost', reason, comment: comment || null }, staffEmail);
}

export async function cancelBrief(deps: OutcomeDeps, ref: string, input: { comment?: unknown }, staffEmail: string): Promise<OutcomeResult> {
  const comment = typeof input.comment === 'string' ? input.comment.replace(/\r\n/g, '\n').trim() : '';
  if (comment.length > OUTCOME_COMMENT_MAX) return { ok: false, errors: [{ field: 'comment', message: `a comment has at most ${OUTCOME_COMMENT_MAX} characters` }] };
  return endBrief(deps, ref, { to: 'cancelled', reason: null, comment: comment || null }, staffEmail);
}

async function endBrief(
  deps: OutcomeDeps,
  ref: string,
  move: { to: 'lost' | 'cancelled'; reason: LostReason | null; comment: string | null },
  staffEmail: string,
): Promise<OutcomeResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const brief = await storesFor(trx).briefs.findByRef(ref);
    if (!brief) throw new NotFoundError(`brief ${ref}`);
    await moveBriefOrThrow(trx, brief.id, { to: move.to, actor: { kind: 'hub', ref: staffEmail }, at: now, reason: move.reason, comment: move.comment }, `marking ${ref} ${move.to}`);
    const ended = await endOpenRequestsAndHolds(trx, brief.id, move.to, now, deps);
    return { ok: true as const, moved: true, ended };
  });
}

export interface ExpiryOutcome {
  lost: number;
  failed: number;
}

/**
 * SPEC §9.6, the scheduled half: a brief still `sent` or `interested` QUOTE_VALID_DAYS after it
 * last moved (its quote was sent, or the organiser picked an option) and nobody took it further
 * becomes `lost` with reason `no_response`, by the system. Each brief is its own transaction whose
 * first statement is the compare-and-set, so with any number of workers exactly one run moves it,
 * ends its requests and holds and tells their suppliers.
 */
export async function expireUnanswered(deps: OutcomeDeps & { config: Pick<Config, 'quoteValidDays'> }, limit = 500): Promise<ExpiryOutcome> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - deps.config.quoteValidDays * 86_400_000).toISOString();
  const rows = (await deps.db(TABLES.briefs)
    .whereIn('status', ['sent', 'interested'])
    .where((q) => q.where('status_changed_at', '<=', cutoff).orWhere((w) => w.whereNull('status_changed_at').where('sent_at', '<=', cutoff)))
    .orderBy('id')
    .limit(limit)
    .select('id')) as { id: number }[];
  const outcome: ExpiryOutcome = { lost: 0, failed: 0 };
  for (const { id } of rows) {
    try {
      const moved = await deps.db.transaction(async (trx) => {
        // Re-read inside the transaction: a quote re-sent since the scan starts the clock again.
        const row = (await trx(TABLES.briefs).where({ id }).first('status_changed_at', 'sent_at')) as { status_changed_at: unknown; sent_at: unknown } | undefined;
        const since = row ? toIsoOrNull(row.status_changed_at) ?? toIsoOrNull(row.sent_at) : null;
        if (!since || since > cutoff) return false;
        if (!(await moveBrief(trx, id, { to: 'lost', actor: SYSTEM, at: now, from: ['sent', 'interested'], reason: 'no_response' }))) return false;
        await endOpenRequestsAndHolds(trx, id, 'lost', now, deps);
        return true;
      });
      if (moved) outcome.lost += 1;
    } catch (err) {
      outcome.failed += 1;
      deps.logger?.warn('quote expiry failed, will retry', { briefId: id, ...errorFields(err), stack: undefined });
    }
  }
  if (rows.length > 0) deps.logger?.info('quote expiry', { due: rows.length, ...outcome });
  return outcome;
}
