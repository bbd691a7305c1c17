import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/platform/paths';
import { sleep } from './stats';

/**
 * `node dist/src/main.js worker` as its own OS process, the way `npm run worker` runs in
 * production, for benchmarks that measure the worker process alone (test/support/processes.ts
 * does the same for the tests but is not compiled into dist). Its stderr (the JSON logs) and
 * stdout are drained as they come so a full pipe never blocks it; only the last lines are kept,
 * for the error message when it dies or never starts.
 */
export interface WorkerProcess {
  pid: number;
  /** The last lines the process wrote, newest last. */
  tail(): string[];
  /** Resolves once it logged `worker started`; rejects if it exits first or takes longer than `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  /** Throws (with the log tail) if the process has exited. */
  assertAlive(): void;
  /** SIGTERM (it finishes running jobs and closes), SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const TAIL_LINES = 40;

export function spawnWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'main.js'), 'worker'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let started = false;
  let partial = '';
  const onData = (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (!line) continue;
      if (!started && line.includes('"worker started"')) started = true;
      lines.push(line.length > 1000 ? `${line.slice(0, 1000)}…` : line);
    }
    if (lines.length > TAIL_LINES * 2) lines.splice(0, lines.length - TAIL_LINES);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let spawnError: Error | null = null;
  child.once('error', (err) => (spawnError = err));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const tail = () => lines.slice(-TAIL_LINES);
  const dead = () => spawnError !== null || child.exitCode !== null || child.signalCode !== null;
  const describe = () =>
    spawnError ? `could not start: ${spawnError.message}` : `exited (code ${child.exitCode}, signal ${child.signalCode}); last output:\n${tail().join('\n')}`;

  return {
    pid: child.pid ?? -1,
    tail,
    async ready(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!started) {
        if (dead()) throw new Error(`worker process ${describe()}`);
        if (Date.now() > deadline) throw new Error(`worker process did not log "worker started" within ${timeoutMs} ms; last output:\n${tail().join('\n')}`);
        await sleep(50);
      }
    },
    assertAlive() {
      if (dead()) throw new Error(`worker process ${describe()}`);
    },
    async stop(graceMs = 10_000) {
      if (child.pid === undefined || spawnError) return;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      } else {
        await exited;
      }
    },
  };
}

/**
 * A process's resident memory now (VmRSS) and its peak so far (VmHWM), in bytes, from
 * /proc/<pid>/status: Linux only, which is where the benchmarks run.
 */
export function procMemory(pid: number): { rss: number; hwm: number } {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (err) {
    throw new Error(`cannot read /proc/${pid}/status (Linux only; has the process exited?): ${(err as Error).message}`);
  }
  const kb = (field: string) => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!m) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(m[1]) * 1024;
  };
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}
