import type { Knex } from 'knex';
import type { Database, Statement } from 'better-sqlite3';
import { TABLES } from '../platform/tables';
import { isSqlite } from '../platform/db';
import { formatRef, type StoredBrief } from './brief-store';
import type { Brief } from '../core/brief-schema';
import type { NewMail } from '../mail/mail-store';
import type { OutboxEntry } from '../queue/outbox-store';

export interface NewBrief {
  brief: Brief;
  receivedAt: Date;
  slaDueAt: Date;
  /** SHA-256 of the organiser's link token: the token itself is never stored (SPEC §11). */
  publicTokenHash: string;
}

/** What intake writes besides the brief, built once its id and ref are known. */
export interface IntakeFollowUps {
  /** The match-and-quote job. */
  job: Omit<OutboxEntry, 'id'>;
  /** The organiser's acknowledgement, and the send job for the mail-log id it gets. */
  acknowledgement: NewMail;
  sendJob(emailId: number): Omit<OutboxEntry, 'id'>;
}

/*
 * Column lists of the four rows, shared by both engines so they write the same thing. The rows
 * are those BriefStore, OutboxStore and MailStore write elsewhere; this store exists because
 * intake is the hot path (issue 7): through the query builder, four inserts, a ref update and a
 * commit per brief cost more than validation and HTTP together.
 * What it buys (`npm run bench`, intake section, BENCHMARKS.md): SQLite 0.12 × → 0.33 × the bare
 * route's throughput (goal 0.3 ×), PostgreSQL 0.27 ×; the simpler one-brief-per-transaction path
 * through the stores measured 0.12 ×, below the goal, so the complexity stays.
 */
const BRIEF_COLUMNS = ['public_token', 'status', 'payload', 'language', 'start_date', 'attendees', 'received_at', 'sla_due_at'] as const;
const OUTBOX_COLUMNS = ['queue', 'job_id', 'data', 'created_at'] as const;
const MAIL_COLUMNS = [
  'dedupe_key', 'kind', 'recipient', 'brief_id', 'quote_version', 'supplier_id', 'subject', 'html', 'text', 'status', 'attempts', 'created_at', 'updated_at',
] as const;

const placeholders = (n: number) => `(${Array.from({ length: n }, () => '?').join(', ')})`;

function briefValues(input: NewBrief): unknown[] {
  return [
    input.publicTokenHash,
    'received',
    JSON.stringify(input.brief),
    input.brief.organiser.language,
    input.brief.event.start_date,
    input.brief.event.attendees,
    input.receivedAt.toISOString(),
    input.slaDueAt.toISOString(),
  ];
}

const outboxValues = (job: Omit<OutboxEntry, 'id'>, at: string): unknown[] => [job.queue, job.jobId, JSON.stringify(job.data), at];

const mailValues = (mail: NewMail, at: string): unknown[] => [
  mail.dedupeKey, mail.kind, mail.recipient, mail.briefId, mail.quoteVersion, mail.supplierId, mail.subject, mail.html, mail.text, 'pending', 0, at, at,
];

/** The brief as just written, rather than read back. */
function storedBrief(id: number, input: NewBrief): StoredBrief {
  return {
    id,
    ref: formatRef(id, input.receivedAt),
    publicTokenHash: input.publicTokenHash,
    status: 'received',
    brief: input.brief,
    language: input.brief.organiser.language,
    receivedAt: input.receivedAt.toISOString(),
    slaDueAt: input.slaDueAt.toISOString(),
    quotedAt: null,
    sentAt: null,
    reviewReasons: [],
    slaWarningAt: null,
    slaBreachAt: null,
    interestRank: null,
  };
}

interface PendingBrief {
  input: NewBrief;
  followUps: (brief: StoredBrief) => IntakeFollowUps;
  resolve(stored: StoredBrief): void;
  reject(err: unknown): void;
}

interface SqliteStatements {
  lastBriefId: Statement;
  insertBrief: Statement;
  insertOutbox: Statement;
  insertMail: Statement;
}

/** At most this many briefs share one commit (and, on PostgreSQL, one statement's parameters). */
const MAX_BATCH = 200;
/** Concurrent batch writes on PostgreSQL: enough to overlap round trips, few enough to batch. */
const MAX_PG_WRITES_IN_FLIGHT = 2;

/**
 * Intake's one write: the brief, its outbox job, the acknowledgement's mail-log row and that
 * e-mail's outbox job, all or nothing per brief (SPEC §4).
 *
 * Group commit: briefs arriving while a write is pending join the next one, so the commit (the
 * costly part on both engines) is shared; under no load a batch is one brief, written on the
 * next turn of the event loop. SQLite: statements prepared once per connection, run
 * synchronously in one IMMEDIATE transaction while holding knex's only connection; should one
 * brief make the batch fail, each is written again alone, so it alone fails. PostgreSQL: the
 * ids drawn from their sequences in one query, then every row of the batch in one statement
 * (atomic on its own, so no BEGIN/COMMIT round trips).
 */
export class IntakeStore {
  private readonly prepared = new WeakMap<Database, SqliteStatements>();
  private batch: PendingBrief[] = [];
  private inFlight = 0;

  constructor(private readonly db: Knex) {}

  record(input: NewBrief, followUps: (brief: StoredBrief) => IntakeFollowUps): Promise<StoredBrief> {
    return new Promise((resolve, reject) => {
      this.batch.push({ input, followUps, resolve, reject });
      if (this.batch.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Starts writes while fewer than the engine allows are in flight; each takes what has queued. */
  private flush(): void {
    const limit = isSqlite(this.db) ? 1 : MAX_PG_WRITES_IN_FLIGHT;
    while (this.inFlight < limit && this.batch.length > 0) {
      const pending = this.batch.splice(0, MAX_BATCH);
      this.inFlight++;
      (isSqlite(this.db) ? this.writeSqlite(pending) : this.writePostgres(pending))
        .catch((err: unknown) => {
          // Nothing of the batch was written (the commit or the one statement failed).
          for (const p of pending) p.reject(err);
        })
        .finally(() => {
          this.inFlight--;
          this.flush();
        });
    }
  }

  private statements(conn: Database): SqliteStatements {
    let s = this.prepared.get(conn);
    if (!s) {
      s = {
        lastBriefId: conn.prepare(
          `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '${TABLES.briefs}'), 0), coalesce((SELECT max(id) FROM ${TABLES.briefs}), 0))`,
        ).pluck(),
        insertBrief: conn.prepare(`INSERT INTO ${TABLES.briefs} (id, ref, ${BRIEF_COLUMNS.join(', ')}) VALUES ${placeholders(BRIEF_COLUMNS.length + 2)}`),
        insertOutbox: conn.prepare(`INSERT INTO ${TABLES.outbox} (${OUTBOX_COLUMNS.join(', ')}) VALUES ${placeholders(OUTBOX_COLUMNS.length)}`),
        insertMail: conn.prepare(`INSERT INTO ${TABLES.mailLog} (${MAIL_COLUMNS.join(', ')}) VALUES ${placeholders(MAIL_COLUMNS.length)}`),
      };
      this.prepared.set(conn, s);
    }
    return s;
  }

  private async writeSqlite(pending: PendingBrief[]): Promise<void> {
    const conn = (await this.db.client.acquireConnection()) as Database;
    try {
      const s = this.statements(conn);
      // Under the IMMEDIATE transaction's write lock no other process can insert a brief, so the
      // ids AUTOINCREMENT would give are known in advance and each row is written with its ref.
      const writeAll = conn.transaction((batch: PendingBrief[]) => {
        let id = Number(s.lastBriefId.get());
        return batch.map(({ input, followUps }) => {
          const at = input.receivedAt.toISOString();
          const stored = storedBrief(++id, input);
          s.insertBrief.run(stored.id, stored.ref, ...briefValues(input));
          const next = followUps(stored);
          s.insertOutbox.run(...outboxValues(next.job, at));
          const emailId = Number(s.insertMail.run(...mailValues(next.acknowledgement, at)).lastInsertRowid);
          s.insertOutbox.run(...outboxValues(next.sendJob(emailId), at));
          return stored;
        });
      });
      let written: StoredBrief[] | null = null;
      try {
        written = writeAll.immediate(pending);
      } catch (err) {
        if (pending.length === 1) throw err;
      }
      if (written) {
        pending.forEach((p, i) => p.resolve(written[i]!));
        return;
      }
      // One brief spoiled the batch (rolled back whole): write each alone, so it alone fails.
      for (const p of pending) {
        try {
          p.resolve(writeAll.immediate([p])[0]!);
        } catch (err) {
          p.reject(err);
        }
      }
    } finally {
      await this.db.client.releaseConnection(conn);
    }
  }

  private async writePostgres(pending: PendingBrief[]): Promise<void> {
    const ids = (await this.db.raw(
      `SELECT nextval(pg_get_serial_sequence('${TABLES.briefs}', 'id')) AS brief_id, nextval(pg_get_serial_sequence('${TABLES.mailLog}', 'id')) AS mail_id
       FROM generate_series(1, ?)`,
      [pending.length],
    )) as { rows: { brief_id: number; mail_id: number }[] };
    const briefs: unknown[][] = [];
    const mails: unknown[][] = [];
    const outbox: unknown[][] = [];
    const written: { p: PendingBrief; stored: StoredBrief }[] = [];
    pending.forEach((p, i) => {
      const { brief_id: briefId, mail_id: emailId } = ids.rows[i]!;
      const at = p.input.receivedAt.toISOString();
      try {
        const stored = storedBrief(Number(briefId), p.input);
        const next = p.followUps(stored);
        briefs.push([stored.id, stored.ref, ...briefValues(p.input)]);
        mails.push([Number(emailId), ...mailValues(next.acknowledgement, at)]);
        outbox.push(outboxValues(next.job, at), outboxValues(next.sendJob(Number(emailId)), at));
        written.push({ p, stored });
      } catch (err) {
        p.reject(err); // its ids are simply not used
      }
    });
    if (written.length === 0) return;
    const values = (rows: unknown[][]) => rows.map((r) => placeholders(r.length)).join(', ');
    // Data-modifying CTEs: one statement, one snapshot; the mail rows' foreign key to their
    // brief is checked at the end of the statement, when the brief rows exist.
    await this.db.raw(
      `WITH brief AS (INSERT INTO ${TABLES.briefs} (id, ref, ${BRIEF_COLUMNS.join(', ')}) VALUES ${values(briefs)}),
            mail AS (INSERT INTO ${TABLES.mailLog} (id, ${MAIL_COLUMNS.join(', ')}) VALUES ${values(mails)})
       INSERT INTO ${TABLES.outbox} (${OUTBOX_COLUMNS.join(', ')}) VALUES ${values(outbox)}`,
      [...briefs, ...mails, ...outbox].flat() as Knex.RawBinding[],
    );
    for (const { p, stored } of written) p.resolve(stored);
  }
}
