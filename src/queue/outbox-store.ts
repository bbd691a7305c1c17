import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';

export interface OutboxEntry {
  id: number;
  queue: string;
  jobId: string;
  data: Record<string, unknown>;
}

interface OutboxRow {
  id: number;
  queue: string;
  job_id: string;
  data: string;
}

/**
 * Jobs to enqueue, written in the same transaction as the row they are about, so a job can
 * never be lost between the database commit and Redis.
 */
export class OutboxStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async add(entry: Omit<OutboxEntry, 'id'>, at: Date): Promise<void> {
    await this.addMany([entry], at);
  }

  async addMany(entries: Omit<OutboxEntry, 'id'>[], at: Date): Promise<void> {
    if (entries.length === 0) return;
    await this.db(TABLES.outbox).insert(
      entries.map((entry) => ({ queue: entry.queue, job_id: entry.jobId, data: JSON.stringify(entry.data), created_at: at.toISOString() })),
    );
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const rows = await this.db<OutboxRow>(TABLES.outbox).whereNull('relayed_at').orderBy('id').limit(limit);
    return rows.map((r) => ({ id: r.id, queue: r.queue, jobId: r.job_id, data: JSON.parse(r.data) as Record<string, unknown> }));
  }

  async markRelayed(ids: number[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db(TABLES.outbox).whereIn('id', ids).whereNull('relayed_at').update({ relayed_at: at.toISOString() });
  }

  /** Relayed rows are kept a day for diagnosis, then dropped. */
  async purgeRelayedBefore(before: Date): Promise<number> {
    return this.db(TABLES.outbox).whereNotNull('relayed_at').where('relayed_at', '<', before.toISOString()).delete();
  }
}
