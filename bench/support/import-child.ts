import { importCli } from '../../src/cli/import';

/**
 * Run by import.bench.ts as its own process, so its peak RSS is the import's alone:
 * `node import-child.js <folder>` with DATABASE_URL set; prints one JSON line.
 */
async function main(): Promise<void> {
  const rssStart = process.memoryUsage().rss;
  const out: string[] = [];
  const started = process.hrtime.bigint();
  const code = await importCli([process.argv[2]!], process.env, { out: (s: string) => void out.push(s), err: (s: string) => void out.push(s) } as never);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ code, ms, rssStart, maxRss: process.resourceUsage().maxRSS * 1024, output: out.join('').slice(0, 2000) }) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(String(err) + '\n');
  process.exit(1);
});
