import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';

/**
 * The organiser's satisfaction-survey links (SPEC §9.7), kept only as SHA-256 hashes: minted when
 * the survey e-mail is sent, one per e-mail (a resend replaces the token of the attempt before).
 * A survey token opens the survey of its brief and nothing else.
 */
export class SurveyLinkStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async replaceForMail(briefId: number, mailId: number, tokenHash: string, at: Date): Promise<void> {
    await this.db(TABLES.surveyLinks).where({ mail_id: mailId }).delete();
    await this.db(TABLES.surveyLinks).insert({ token_hash: tokenHash, brief_id: briefId, mail_id: mailId, created_at: at.toISOString() });
  }

  async add(briefId: number, tokenHash: string, at: Date): Promise<void> {
    await this.db(TABLES.surveyLinks).insert({ token_hash: tokenHash, brief_id: briefId, mail_id: null, created_at: at.toISOString() });
  }

  async briefIdFor(tokenHash: string): Promise<number | null> {
    const row = (await this.db(TABLES.surveyLinks).where({ token_hash: tokenHash }).first('brief_id')) as { brief_id: number } | undefined;
    return row ? Number(row.brief_id) : null;
  }

  /** Voids every survey link of these briefs (retention, erasure). */
  async voidForBriefs(briefIds: number[]): Promise<void> {
    if (briefIds.length) await this.db(TABLES.surveyLinks).whereIn('brief_id', briefIds).delete();
  }
}
