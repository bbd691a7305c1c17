/**
 * Upper bounds, in hours, of the time-to-draft-quote buckets: the dashboard's histogram and
 * the /metrics histogram use the same ones, so both tell the same story around the 48 h SLA.
 */
export const TIME_TO_QUOTE_BUCKET_HOURS = [1, 2, 4, 8, 12, 24, 36, 48, 72] as const;

/** A CASE expression giving the bucket index (0 … n, n meaning "over the last bound") of `seconds`. */
export function bucketCase(seconds: string): string {
  const whens = TIME_TO_QUOTE_BUCKET_HOURS.map((h, i) => `when ${seconds} <= ${h * 3600} then ${i}`).join(' ');
  return `case ${whens} else ${TIME_TO_QUOTE_BUCKET_HOURS.length} end`;
}

export function bucketLabels(): string[] {
  const labels: string[] = [];
  let previous = 0;
  for (const h of TIME_TO_QUOTE_BUCKET_HOURS) {
    labels.push(`${previous}–${h} h`);
    previous = h;
  }
  labels.push(`over ${previous} h`);
  return labels;
}
