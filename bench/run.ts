import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/platform/paths';

/**
 * `npm run bench`: runs every bench/*.bench.ts (compiled to dist/bench) or those named on the
 * command line (`npm run bench -- matching`), then writes bench/results.json and BENCHMARKS.md.
 * Results are merged by benchmark name, so running one benchmark keeps the others' latest figures.
 */

export interface BenchTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface BenchResult {
  name: string;
  /** One line saying what was measured and against which goal. */
  summary: string;
  goals: { goal: string; met: boolean; detail: string }[];
  tables: BenchTable[];
  data: unknown;
}

export interface Benchmark {
  name: string;
  run(log: (line: string) => void): Promise<BenchResult>;
}

interface RunRecord extends BenchResult {
  date: string;
  machine: { os: string; cpu: string; cpus: number; memory_gb: number };
  versions: { node: string; typescript: string };
  duration_s: number;
}

const RESULTS = path.join(PROJECT_ROOT, 'bench', 'results.json');
const MARKDOWN = path.join(PROJECT_ROOT, 'BENCHMARKS.md');
const KEPT_MARKER = '<!-- Below: figures measured by tests, not by npm run bench; bench/run.ts keeps them. -->';

/** Read from its package.json: loading the compiler itself just for its version would cost a second. */
function typescriptVersion(): string {
  try {
    return (JSON.parse(readFileSync(require.resolve('typescript/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function machine(): RunRecord['machine'] {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
}

function table(t: BenchTable): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [`**${t.title}**`, '', line(t.columns), line(t.columns.map(() => '---')), ...t.rows.map(line)].join('\n');
}

function markdown(records: RunRecord[]): string {
  const parts = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); raw figures in `bench/results.json`. Not timed tests: figures',
    'depend on the machine, which each section names.',
  ];
  for (const r of records) {
    parts.push(
      '',
      `## ${r.name}`,
      '',
      r.summary,
      '',
      `Run ${r.date} on ${r.machine.cpu} × ${r.machine.cpus}, ${r.machine.memory_gb} GB, ${r.machine.os}; Node ${r.versions.node}, TypeScript ${r.versions.typescript}; took ${r.duration_s} s.`,
      '',
      ...r.tables.flatMap((t) => [table(t), '']),
      '| goal | met | measured |',
      '| --- | --- | --- |',
      ...r.goals.map((g) => `| ${g.goal} | ${g.met ? 'yes' : '**no**'} | ${g.detail} |`),
    );
  }
  return parts.join('\n') + '\n';
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.js$/, '')));
  if (files.length === 0) throw new Error(`no benchmark matches ${wanted.join(', ') || '(all)'} in ${__dirname}`);

  const previous: RunRecord[] = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as { runs: RunRecord[] }).runs : [];
  const byName = new Map(previous.map((r) => [r.name, r]));
  for (const file of files.sort()) {
    const { benchmark } = (await import(path.join(__dirname, file))) as { benchmark: Benchmark };
    process.stdout.write(`\n== ${benchmark.name}\n`);
    const started = Date.now();
    const result = await benchmark.run((line) => process.stdout.write(`${line}\n`));
    byName.set(result.name, {
      ...result,
      date: new Date().toISOString(),
      machine: machine(),
      versions: { node: process.version, typescript: typescriptVersion() },
      duration_s: Math.round((Date.now() - started) / 100) / 10,
    });
    for (const g of result.goals) process.stdout.write(`${g.met ? 'MET ' : 'MISSED '} ${g.goal}: ${g.detail}\n`);
  }
  const runs = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  writeFileSync(RESULTS, JSON.stringify({ runs }, null, 2) + '\n');
  // Sections measured by tests (e.g. the venue rate refresh) sit after KEPT_MARKER and are kept.
  const kept = existsSync(MARKDOWN) ? readFileSync(MARKDOWN, 'utf8').split(KEPT_MARKER)[1] : undefined;
  writeFileSync(MARKDOWN, kept === undefined ? markdown(runs) : `${markdown(runs).trimEnd()}\n\n${KEPT_MARKER}${kept}`);
  process.stdout.write(`\nwrote ${path.relative(PROJECT_ROOT, RESULTS)} and ${path.relative(PROJECT_ROOT, MARKDOWN)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
