/**
 * How a brief stands against its SLA, for the dashboard. static/hub.js applies the same rule
 * in the browser to keep the countdown live; keep the two in step.
 *
 * Tones follow the share of the SLA already used: under 50 % 'ok', under 75 % 'soon', then
 * 'warn' (the SLA watch has alerted hub staff by then), and 'breached' past the deadline.
 */
export type SlaTone = 'ok' | 'soon' | 'warn' | 'breached';

export interface SlaCountdown {
  text: string;
  tone: SlaTone;
  secondsLeft: number;
}

function span(totalMinutes: number): string {
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  // Hours and minutes within three days (the SLA's own scale); days beyond.
  if (hours >= 72) return `${Math.floor(hours / 24)} d ${hours % 24} h`;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  return `${minutes} min`;
}

export function slaCountdown(receivedAt: string, dueAt: string, now: Date): SlaCountdown {
  const received = Date.parse(receivedAt);
  const due = Date.parse(dueAt);
  const secondsLeft = Math.floor((due - now.getTime()) / 1000);
  if (secondsLeft <= 0) return { text: `overdue by ${span(Math.floor(-secondsLeft / 60))}`, tone: 'breached', secondsLeft };
  const used = due > received ? (now.getTime() - received) / (due - received) : 1;
  const tone: SlaTone = used < 0.5 ? 'ok' : used < 0.75 ? 'soon' : 'warn';
  return { text: `${span(Math.ceil(secondsLeft / 60))} left`, tone, secondsLeft };
}
