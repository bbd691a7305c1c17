import type { Logger } from '../platform/logger';
import { errorFields } from '../platform/logger';
import type { OutboxEntry, OutboxStore } from './outbox-store';
import type { Queues } from './queues';

const ADD_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function byQueue(entries: OutboxEntry[]): Map<string, OutboxEntry[]> {
  const groups = new Map<string, OutboxEntry[]>();
  for (const e of entries) {
    const group = groups.get(e.queue);
    if (group) group.push(e);
    else groups.set(e.queue, [e]);
  }
  return groups;
}

/**
 * Moves committed outbox rows onto BullMQ. Deterministic job ids make a row relayed twice
 * (two processes, or a crash between add and mark) harmless. While Redis is down the rows
 * simply wait; nothing is dropped.
 */
export class OutboxRelay {
  private running: Promise<number> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private redisDownLogged = false;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly queues: Queues,
    private readonly logger: Logger,
  ) {}

  /** Relays what is pending now; concurrent calls share one pass. Returns how many rows moved. */
  kick(): Promise<number> {
    if (!this.running) this.running = this.pass().finally(() => (this.running = null));
    return this.running;
  }

  start(intervalMs = 500): void {
    const loop = () => {
      this.kick()
        .catch(() => 0)
        .finally(() => {
          if (this.timer) this.timer = setTimeout(loop, intervalMs);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<number> {
    let moved = 0;
    for (;;) {
      const batch = await this.outbox.pending(100);
      if (batch.length === 0) return moved;
      const done: number[] = [];
      try {
        // One pipelined addBulk per queue instead of a round trip per job; a job whose id is
        // already in Redis is skipped by BullMQ, so a batch relayed twice is harmless.
        for (const [queue, entries] of byQueue(batch)) {
          const jobs = entries.map((e) => ({ name: queue, data: e.data, opts: { jobId: e.jobId } }));
          await withTimeout(this.queues.byName(queue).addBulk(jobs), ADD_TIMEOUT_MS);
          done.push(...entries.map((e) => e.id));
        }
        if (this.redisDownLogged) this.logger.info('outbox relay: redis reachable again');
        this.redisDownLogged = false;
      } catch (err) {
        if (!this.redisDownLogged) this.logger.warn('outbox relay: cannot reach redis, will retry', errorFields(err));
        this.redisDownLogged = true;
        await this.outbox.markRelayed(done, new Date());
        return moved + done.length;
      }
      await this.outbox.markRelayed(done, new Date());
      moved += done.length;
      if (batch.length < 100) return moved;
    }
  }
}
