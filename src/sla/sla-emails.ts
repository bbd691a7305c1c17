import type { Config } from '../platform/config';
import type { StoredBrief } from '../briefs/brief-store';
import type { EmailRenderer } from '../mail/email-renderer';
import type { NewMail } from '../mail/mail-store';
import { dedupeKey } from '../mail/mail-service';
import { formatParis } from '../platform/clock';
import { briefSummary } from '../quotes/quote-emails';
import type { SlaAlertKind } from './sla-rules';

/** "11 h 05 min", "3 min": how long until (or since) the deadline, for a hub reader. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : `${h} h ${String(m).padStart(2, '0')} min`;
}

/**
 * The hub alert for one brief. The dedupe key has no time in it: at most one warning and one
 * breach per brief, whatever the number of workers or runs (the CAS on the brief is the first guard).
 */
export function composeSlaAlert(
  renderer: EmailRenderer,
  config: Pick<Config, 'publicUrl' | 'hubEmail'>,
  stored: StoredBrief,
  kind: SlaAlertKind,
  now: Date,
): NewMail {
  const ctx = { ...briefSummary(stored), lang: 'en' as const, dueText: formatParis(stored.slaDueAt, 'en') };
  const span = formatSpan(Date.parse(stored.slaDueAt) - now.getTime());
  const subject =
    kind === 'sla_warning'
      ? `SLA warning: ${stored.ref} has ${span} left (due ${ctx.dueText})`
      : `SLA breached: ${stored.ref} was due ${ctx.dueText}`;
  return {
    dedupeKey: dedupeKey({ kind, recipient: config.hubEmail, briefId: stored.id }),
    kind,
    recipient: config.hubEmail,
    briefId: stored.id,
    quoteVersion: null,
    supplierId: null,
    ...renderer.render(kind, subject, {
      ...ctx,
      status: stored.status,
      reasons: stored.reviewReasons,
      receivedText: formatParis(stored.receivedAt, 'en'),
      spanText: span,
      deskUrl: `${config.publicUrl}/hub/briefs/${stored.ref}`,
    }),
  };
}
