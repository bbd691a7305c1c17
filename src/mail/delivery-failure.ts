import type { Knex } from 'knex';
import { queueEmail, dedupeKey } from './mail-service';
import type { EmailRenderer } from './email-renderer';
import type { Config } from '../platform/config';
import { moveBrief, SYSTEM } from '../briefs/brief-lifecycle';
import { storesFor } from '../stores';

export interface DeliveryFailureDeps {
  renderer: EmailRenderer;
  config: Pick<Config, 'hubEmail' | 'publicUrl'>;
}

/**
 * What happens when an e-mail fails for good (permanent SMTP refusal, or the last retry), inside
 * the transaction that marks it failed: the hub is told (a `needs_review` e-mail, since a failed
 * e-mail is something for a person to look at), and a draft quote that never reached its
 * organiser puts the brief back under review (`email_failed`). A failed e-mail to the hub itself
 * alerts nobody: that would only fail again.
 */
export async function recordDeliveryFailure(deps: DeliveryFailureDeps, trx: Knex.Transaction, emailId: number, now: Date): Promise<void> {
  const mail = await storesFor(trx).mail.findById(emailId);
  if (!mail || mail.recipient === deps.config.hubEmail) return;
  const error = mail.lastError ?? 'rejected';
  const brief = mail.briefId ? await storesFor(trx).briefs.findById(mail.briefId) : null;
  const draftQuote = mail.kind === 'draft_quote' && brief !== null;
  if (draftQuote) {
    const reasons = [...brief.reviewReasons, { code: 'email_failed' as const, detail: `the draft quote e-mail could not be delivered: ${error}` }];
    await moveBrief(trx, brief.id, { to: 'needs_review', actor: SYSTEM, at: now, from: ['sent'], reason: 'email_failed', columns: { review_reasons: JSON.stringify(reasons) } });
  }
  await queueEmail(
    trx,
    {
      dedupeKey: dedupeKey({ kind: 'needs_review', recipient: deps.config.hubEmail, briefId: mail.briefId, extra: String(mail.id) }),
      kind: 'needs_review',
      recipient: deps.config.hubEmail,
      briefId: mail.briefId,
      quoteVersion: mail.quoteVersion,
      supplierId: null,
      ...deps.renderer.render('email_failed', `E-mail failed: ${mail.kind} #${mail.id}`, {
        emailId: mail.id,
        kind: mail.kind,
        recipient: mail.recipient,
        error,
        ref: brief?.ref ?? null,
        draftQuote,
        deskUrl: brief ? `${deps.config.publicUrl}/hub/briefs/${brief.ref}` : null,
        mailLogUrl: `${deps.config.publicUrl}/hub/mail`,
      }),
    },
    now,
  );
}
