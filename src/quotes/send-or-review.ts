import type { QuoteDraft, ReviewReason } from '../core/quote-types';

export interface SendPolicy {
  /** AUTO_SEND: when off, a person sends every quote. */
  autoSend: boolean;
}

export type SendDecision = { send: true } | { send: false; reasons: ReviewReason[] };

/**
 * SPEC §7, the one place that decides whether a fresh draft goes to the organiser by itself or
 * to a person first: it goes when it has at least one option, no option has stale rates and
 * AUTO_SEND is on. Otherwise the reasons say why (matching's own — no_feasible_venue,
 * unpriceable — then stale_rates, then auto_send_off). Notes never block: the quote promises a
 * personal answer instead (the follow_up task). Pure.
 */
export function sendOrReview(draft: Pick<QuoteDraft, 'options' | 'review_reasons'>, policy: SendPolicy): SendDecision {
  const reasons: ReviewReason[] = [...draft.review_reasons];
  const stale = draft.options.filter((o) => o.stale_rates);
  if (stale.length > 0) {
    reasons.push({ code: 'stale_rates', detail: `rates not confirmed for ${stale.length} option(s): ${stale.map((o) => o.venue.name).join(', ')}` });
  }
  if (draft.options.length > 0 && reasons.length === 0 && !policy.autoSend) {
    reasons.push({ code: 'auto_send_off', detail: 'AUTO_SEND is off: a person sends every quote' });
  }
  if (draft.options.length > 0 && reasons.length === 0) return { send: true };
  return { send: false, reasons };
}
