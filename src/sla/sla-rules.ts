/**
 * SPEC §7 SLA watch, as pure functions over plain data: no knex, no clock. The hub hears once
 * when an unsent brief passes 75 % of its SLA, and once more when it passes the deadline.
 */

/** Statuses in which the organiser has not had a quote yet. */
export const UNSENT_STATUSES = ['received', 'matching', 'needs_review'] as const;

/** Share of the SLA after which the hub is warned. */
export const SLA_WARNING_FRACTION = 0.75;

export type SlaAlertKind = 'sla_warning' | 'sla_breach';

export interface SlaCandidate {
  id: number;
  status: string;
  /** ISO timestamps. */
  receivedAt: string;
  slaDueAt: string;
  slaWarningAt: string | null;
  slaBreachAt: string | null;
}

export interface SlaAlert {
  briefId: number;
  kind: SlaAlertKind;
}

/**
 * When the warning falls due: received_at + 75 % of the brief's own SLA (sla_due_at − received_at),
 * so a brief keeps the SLA it was received with even if SLA_HOURS changes later.
 */
export function slaWarningAt(receivedAt: string, slaDueAt: string): Date {
  const received = Date.parse(receivedAt);
  const due = Date.parse(slaDueAt);
  return new Date(received + Math.floor((due - received) * SLA_WARNING_FRACTION));
}

export function isUnsent(status: string): boolean {
  return (UNSENT_STATUSES as readonly string[]).includes(status);
}

/**
 * The alert one brief needs now, if any. Past the deadline only the breach is sent: a warning
 * that arrives after the breach (the watch was down for hours) would tell the hub nothing.
 */
export function slaAlertFor(brief: SlaCandidate, now: Date): SlaAlertKind | null {
  if (!isUnsent(brief.status)) return null;
  const t = now.getTime();
  if (t >= Date.parse(brief.slaDueAt)) return brief.slaBreachAt === null ? 'sla_breach' : null;
  if (brief.slaWarningAt === null && t >= slaWarningAt(brief.receivedAt, brief.slaDueAt).getTime()) return 'sla_warning';
  return null;
}

/** Every alert due now, the most urgent deadline first; at most one per brief. */
export function slaAlertsDue(briefs: readonly SlaCandidate[], now: Date): SlaAlert[] {
  const seen = new Set<number>();
  return [...briefs]
    .sort((a, b) => Date.parse(a.slaDueAt) - Date.parse(b.slaDueAt) || a.id - b.id)
    .flatMap((brief) => {
      if (seen.has(brief.id)) return [];
      seen.add(brief.id);
      const kind = slaAlertFor(brief, now);
      return kind ? [{ briefId: brief.id, kind }] : [];
    });
}
