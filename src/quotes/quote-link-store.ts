import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';

/**
 * The organiser's links to their online quote, kept only as SHA-256 hashes. Every e-mail that
 * carries the link gets its own token when it is sent (so the mail log never holds one), and
 * every token ever sent keeps working: an organiser may open any of their e-mails.
 */
export class QuoteLinkStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /** The token for one e-mail; a resend of the same e-mail replaces the token of the attempt before. */
  async replaceForMail(briefId: number, mailId: number, tokenHash: string, at: Date): Promise<void> {
    await this.db(TABLES.quoteLinks).where({ mail_id: mailId }).delete();
    await this.db(TABLES.quoteLinks).insert({ token_hash: tokenHash, brief_id: briefId, mail_id: mailId, created_at: at.toISOString() });
  }

  async add(briefId: number, tokenHash: string, at: Date): Promise<void> {
    await this.db(TABLES.quoteLinks).insert({ token_hash: tokenHash, brief_id: briefId, mail_id: null, created_at: at.toISOString() });
  }

  async briefIdFor(tokenHash: string): Promise<number | null> {
    const row = (await this.db(TABLES.quoteLinks).where({ token_hash: tokenHash }).first('brief_id')) as { brief_id: number } | undefined;
    return row ? row.brief_id : null;
  }

  /** Voids every organiser link of these briefs (retention, erasure). */
  async voidForBriefs(briefIds: number[]): Promise<void> {
    if (briefIds.length) await this.db(TABLES.quoteLinks).whereIn('brief_id', briefIds).delete();
  }
}
