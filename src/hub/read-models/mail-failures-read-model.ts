import type { Knex } from 'knex';
import { TABLES } from '../../platform/tables';
import { toIso } from '../../platform/db';
import { num } from './sql-dialect';

export interface FailedEmail {
  id: number;
  kind: string;
  recipient: string;
  ref: string | null;
  attempts: number;
  lastError: string | null;
  failedAt: string;
}

/** E-mails the mail log gave up on (status failed), latest first; index on (status, updated_at). */
export class MailFailuresReadModel {
  constructor(private readonly db: Knex) {}

  async load(limit = 20): Promise<{ total: number; latest: FailedEmail[] }> {
    const [count] = (await this.db(TABLES.mailLog).where('status', 'failed').count({ n: '*' })) as { n: unknown }[];
    const rows = (await this.db(`${TABLES.mailLog} as m`)
      .leftJoin(`${TABLES.briefs} as b`, 'b.id', 'm.brief_id')
      .where('m.status', 'failed')
      .orderBy('m.updated_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(limit)
      .select('m.id', 'm.kind', 'm.recipient', 'm.attempts', 'm.last_error', 'm.updated_at', 'b.ref')) as Record<string, unknown>[];
    return {
      total: num(count?.n),
      latest: rows.map((r) => ({
        id: num(r.id),
        kind: String(r.kind),
        recipient: String(r.recipient),
        ref: (r.ref as string | null) ?? null,
        attempts: num(r.attempts),
        lastError: (r.last_error as string | null) ?? null,
        failedAt: toIso(r.updated_at),
      })),
    };
  }
}
