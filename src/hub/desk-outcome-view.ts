import { formatParis } from '../platform/clock';
import { formatDate } from '../platform/format';
import type { FieldProblem } from '../platform/errors';
import { LOST_REASONS, movesFrom } from '../briefs/brief-lifecycle';
import type { BriefOutcome } from '../briefs/brief-outcome';
import { OUTCOME_COMMENT_MAX } from '../briefs/brief-outcomes';
import type { DeskData } from './desk-read-model';

/** The lost / cancel forms' state after a post: which action, its errors and what was typed; `done` after a redirect. */
export interface EndingState {
  action?: 'lost' | 'cancel';
  errors?: FieldProblem[];
  reason?: string;
  comment?: string;
  done?: 'lost' | 'cancel';
}

export const LOST_REASON_LABELS: Record<string, string> = {
  price: 'Price',
  availability: 'Availability',
  destination_elsewhere: 'Went to another destination',
  cancelled_by_client: 'Cancelled by the client',
  no_response: 'No response',
  other: 'Other',
};

const REQUEST_BADGE: Record<string, string> = { open: 'warn', confirmed: 'ok', declined: 'err', withdrawn: '' };
const HOLD_BADGE: Record<string, string> = { active: 'warn', booked: 'ok', released: '', expired: '' };

/** The desk's Outcome card (SPEC §9): history, pick, requests, holds, satisfaction, and the lost / cancel forms. */
export function outcomeView(data: DeskData, outcome: BriefOutcome, ending: EndingState) {
  const names = data.supplierNames;
  const hubMoves = movesFrom(data.brief.status, 'hub');
  const error = (action: 'lost' | 'cancel') => (ending.action === action ? (ending.errors ?? []) : []);
  return {
    history: outcome.history.map((e) => ({ ...e, atText: formatParis(e.at), reasonLabel: e.reason ? (LOST_REASON_LABELS[e.reason] ?? e.reason) : null })),
    picked: outcome.picked_option,
    requests: outcome.requests.map((r) => ({
      ...r,
      supplierName: names.get(r.supplier_id) ?? r.supplier_id,
      badge: REQUEST_BADGE[r.status] ?? '',
      createdText: formatParis(r.created_at),
      answeredText: r.answered_at ? formatParis(r.answered_at) : null,
    })),
    holds: outcome.holds.map((h) => ({
      ...h,
      supplierName: names.get(h.supplier_id) ?? h.supplier_id,
      badge: HOLD_BADGE[h.status] ?? '',
      datesText: `${formatDate(h.start_date)} – ${formatDate(h.end_date)}`,
      expiresText: formatParis(h.expires_at),
    })),
    lostReason: outcome.lost_reason ? (LOST_REASON_LABELS[outcome.lost_reason] ?? outcome.lost_reason) : null,
    satisfaction: outcome.satisfaction ? { ...outcome.satisfaction, answeredText: formatParis(outcome.satisfaction.answered_at) } : null,
    canLose: hubMoves.includes('lost'),
    canCancel: hubMoves.includes('cancelled'),
    reasons: LOST_REASONS.map((code) => ({ code, label: LOST_REASON_LABELS[code], selected: ending.action === 'lost' && ending.reason === code })),
    lostErrors: error('lost'),
    cancelErrors: error('cancel'),
    lostComment: ending.action === 'lost' ? (ending.comment ?? '') : '',
    cancelComment: ending.action === 'cancel' ? (ending.comment ?? '') : '',
    commentMax: OUTCOME_COMMENT_MAX,
    done: ending.done === 'lost' ? 'Marked lost: open availability requests are withdrawn, holds released, and their suppliers told.' : ending.done === 'cancel' ? 'Cancelled: open availability requests are withdrawn, holds released, and their suppliers told.' : null,
  };
}
