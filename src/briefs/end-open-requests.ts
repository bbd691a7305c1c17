import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { briefSummary } from '../quotes/quote-emails';
import { dedupeKey, queueEmails } from '../mail/mail-service';
import type { NewMail } from '../mail/mail-store';
import type { EmailRenderer } from '../mail/email-renderer';
import type { Config } from '../platform/config';
import { hubInfo } from '../i18n/hub-info';
import { t } from '../i18n/translate';
import { storesFor } from '../stores';

/** Why a brief's open requests and holds end (SPEC §9.3, §9.6): the brief was lost, cancelled, or the organiser re-picked. */
export type EndReason = 'lost' | 'cancelled' | 'repick';

export interface EndOpenDeps {
  renderer: EmailRenderer;
  config: Pick<Config, 'publicUrl'> & Partial<Config>;
}

export interface EndedOpen {
  /** availability_requests moved open → withdrawn. */
  withdrawn: number;
  /** holds moved active → released. */
  released: number;
  /** request_withdrawn e-mails newly queued (one per supplier concerned). */
  told: number;
}

/**
 * Inside the caller's transaction (the one that moves the brief): every open availability request
 * of the brief becomes `withdrawn`, every active hold `released` (ended_at = at, end_reason =
 * reason), and each supplier concerned gets one `request_withdrawn` e-mail in its language naming
 * what ended. Each row is a compare-and-set on its status, so running it twice (a retried job, two
 * clicks) withdraws nothing more and, the e-mails' dedupe key naming the brief, the reason and
 * the time of the move, tells nobody twice.
 */
export async function endOpenRequestsAndHolds(trx: Knex.Transaction, briefId: number, reason: EndReason, at: Date, deps: EndOpenDeps): Promise<EndedOpen> {
  const atIso = at.toISOString();
  const requests = (await trx(TABLES.availabilityRequests).where({ brief_id: briefId, status: 'open' }).select('id', 'supplier_id')) as { id: number; supplier_id: string }[];
  const holds = (await trx(TABLES.holds).where({ brief_id: briefId, status: 'active' }).select('id', 'supplier_id', 'space_id')) as { id: number; supplier_id: string; space_id: string }[];
  const withdrawnIds: number[] = [];
  for (const r of requests) {
    if ((await trx(TABLES.availabilityRequests).where({ id: r.id, status: 'open' }).update({ status: 'withdrawn' })) === 1) withdrawnIds.push(r.id);
  }
  const releasedIds: number[] = [];
  for (const h of holds) {
    if ((await trx(TABLES.holds).where({ id: h.id, status: 'active' }).update({ status: 'released', ended_at: atIso, end_reason: reason })) === 1) releasedIds.push(h.id);
  }
  const bySupplier = new Map<string, { requests: number; spaces: string[] }>();
  const entry = (id: string) => bySupplier.get(id) ?? bySupplier.set(id, { requests: 0, spaces: [] }).get(id)!;
  for (const r of requests) if (withdrawnIds.includes(r.id)) entry(r.supplier_id).requests += 1;
  for (const h of holds) if (releasedIds.includes(h.id)) entry(h.supplier_id).spaces.push(h.space_id);
  if (bySupplier.size === 0) return { withdrawn: 0, released: 0, told: 0 };

  const brief = await storesFor(trx).briefs.findById(briefId);
  if (!brief) return { withdrawn: withdrawnIds.length, released: releasedIds.length, told: 0 };
  const ids = [...bySupplier.keys()].sort();
  const suppliers = await storesFor(trx).suppliers.findSuppliers(ids);
  const languages = await storesFor(trx).leadLanguages.forSuppliers(ids);
  const spaceNames = new Map((await storesFor(trx).suppliers.spaceNames(ids)).map((s) => [`${s.supplierId}/${s.spaceId}`, s.name]));
  const hub = hubInfo(deps.config);
  const mails: NewMail[] = suppliers.map((supplier) => {
    const lang = languages.get(supplier.supplierId) ?? 'fr';
    const what = bySupplier.get(supplier.supplierId)!;
    const summary = briefSummary(brief, lang);
    const params = { title: summary.title, dates: summary.datesText, ref: brief.ref };
    return {
      dedupeKey: dedupeKey({ kind: 'request_withdrawn', recipient: supplier.email, briefId, extra: `${reason}:${supplier.supplierId}:${atIso}` }),
      kind: 'request_withdrawn' as const,
      recipient: supplier.email,
      briefId,
      quoteVersion: null,
      supplierId: supplier.supplierId,
      ...deps.renderer.render('request_withdrawn', t(lang, 'withdrawn_subject', { ref: brief.ref }), {
        lang,
        hub,
        ref: brief.ref,
        supplierName: supplier.name,
        intro: t(lang, reason === 'lost' ? 'withdrawn_intro_lost' : reason === 'cancelled' ? 'withdrawn_intro_cancelled' : 'withdrawn_intro_repick', params),
        requests: what.requests > 0,
        spacesText: what.spaces.length ? what.spaces.map((s) => spaceNames.get(`${supplier.supplierId}/${s}`) ?? s).join(', ') : null,
      }),
    };
  });
  const told = await queueEmails(trx, mails, at);
  return { withdrawn: withdrawnIds.length, released: releasedIds.length, told };
}
