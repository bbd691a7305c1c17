import { buildQuoteDraft, type MatchSettings } from '../../src/matching/build-quote-draft';
import { prepareCatalogue } from '../../src/matching/match-venues';
import { fullBrief, syntheticCatalogue } from '../matching.bench';

/**
 * For profiling the matching benchmark's case outside the bench runner:
 * `node --cpu-prof --trace-gc dist/bench/support/profile-matching.js 50000 200` builds the bench's
 * synthetic catalogue of that many venues, prepares it once, then matches the bench's brief N times.
 * Prints the median, so `--cpu-prof` / `--trace-gc` / `--heap-prof` runs can be compared.
 */
const SETTINGS: MatchSettings = { now: '2027-01-15T09:00:00.000Z', rateStaleDays: 45, quoteOptions: 3 };

function main(): void {
  const venues = Number(process.argv[2] ?? 50_000);
  const runs = Number(process.argv[3] ?? 200);
  const brief = fullBrief();
  const prepared = prepareCatalogue(syntheticCatalogue(venues));
  for (let i = 0; i < 5; i++) buildQuoteDraft(brief, prepared, SETTINGS);
  const times: number[] = [];
  let options = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    options = buildQuoteDraft(brief, prepared, SETTINGS).options.length;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!.toFixed(2);
  process.stdout.write(`${venues} venues, ${runs} runs, ${options} options: median ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms\n`);
}

main();
