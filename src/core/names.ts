/**
 * Comparison key for cities and labels (SPEC §3: compared case- and accent-insensitively).
 * Hyphens, apostrophes and runs of spaces are treated alike so "SAINT-RAPHAEL" = "Saint Raphaël".
 */
export function normaliseName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s\-‐‑–'’_.]+/g, ' ')
    .trim();
}
