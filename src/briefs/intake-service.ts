import { randomBytes } from 'node:crypto';
import type { StoredBrief } from './brief-store';
import { IntakeStore } from './intake-store';
import { briefSchema, toFieldErrors } from '../core/brief-schema';
import { briefJobId, emailJobId, QUEUE_NAMES } from '../queue/queues';
import { composeBriefReceived } from './acknowledgement';
import type { EmailRenderer } from '../mail/email-renderer';
import type { HubInfo } from '../i18n/hub-info';
import type { Clock } from '../platform/clock';
import { parisDate } from '../platform/clock';
import { ValidationError } from '../platform/errors';
import { sha256Hex } from '../platform/secrets';

export interface IntakeDeps {
  intakeStore: IntakeStore;
  renderer: EmailRenderer;
  clock: Clock;
  slaHours: number;
  /** Wakes the outbox relay after commit so the worker starts at once, not at the next poll. */
  afterCommit(): void;
  /** Who signs the acknowledgement (HUB_NAME, HUB_EMAIL …); SPEC §2's defaults when absent. */
  hub?: HubInfo;
}

/**
 * A lone UTF-16 surrogate (possible in JSON, `"\ud800"`) has no UTF-8 form: SQLite stored it as
 * U+FFFD while PostgreSQL's jsonb (the search trigger) refused the brief with a 500. Replacing it
 * with U+FFFD before validation stores the same thing on both engines (found by the API fuzzer).
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const fixText = (text: string) => text.replace(LONE_SURROGATE, '\ufffd');
function wellFormed(value: unknown, depth = 0): unknown {
  // A brief is four levels deep: anything deeper is left for the schema to refuse (no deep recursion).
  if (depth > 8) return value;
  if (typeof value === 'string') return fixText(value);
  if (Array.isArray(value)) return value.map((v) => wellFormed(v, depth + 1));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [fixText(k), wellFormed(v, depth + 1)]));
  return value;
}


// Building the zod schema costs more than using it; it only changes with the date.
let cached: { today: string; schema: ReturnType<typeof briefSchema> } | null = null;
function schemaFor(today: string): ReturnType<typeof briefSchema> {
  if (cached?.today !== today) cached = { today, schema: briefSchema(today) };
  return cached.schema;
}

/**
 * SPEC §4: validates, then commits the brief, its match-and-quote job and the organiser's
 * acknowledgement in one transaction before answering. Redis is not touched here: the outbox
 * relay delivers the job, so a brief accepted while Redis is down is still quoted later. Answers
 * the stored brief with the clear token of its thank-you page link (known only to this answer).
 */
export async function submitBrief(deps: IntakeDeps, input: unknown): Promise<StoredBrief & { publicToken: string }> {
  const now = deps.clock.now();
  const parsed = schemaFor(parisDate(now)).safeParse(wellFormed(input));
  if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error));
  const slaDueAt = new Date(now.getTime() + deps.slaHours * 3_600_000);

  const publicToken = randomBytes(24).toString('base64url');
  const stored = await deps.intakeStore.record(
    { brief: parsed.data, receivedAt: now, slaDueAt, publicTokenHash: sha256Hex(publicToken) },
    (brief) => ({
      job: { queue: QUEUE_NAMES.matchAndQuote, jobId: briefJobId(brief.id), data: { briefId: brief.id } },
      acknowledgement: composeBriefReceived(deps.renderer, brief, deps.hub),
      sendJob: (emailId) => ({ queue: QUEUE_NAMES.sendEmail, jobId: emailJobId(emailId), data: { emailId } }),
    }),
  );
  deps.afterCommit();
  return { ...stored, publicToken };
}
