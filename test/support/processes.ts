import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { systemClock, type Clock } from '../../src/platform/clock';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The clock of every process spawnEntry starts: the machine's (TEST_CLOCK_OFFSET_DAYS does not
 * reach another process). A test that mixes an in-process app with spawned processes gives the
 * app this clock and dates its briefs from it: `startTestApp({ clock: PROCESS_CLOCK })`,
 * `validBrief({}, PROCESS_CLOCK)`.
 */
export const PROCESS_CLOCK: Clock = systemClock;

export interface AppProcess {
  child: ChildProcess;
  logs: string[];
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM and wait; resolves with the exit code. */
  terminate(): Promise<number | null>;
  kill9(): Promise<void>;
}

/** Runs a compiled entry point (global-setup builds dist/) as a real OS process. */
export function spawnEntry(mode: 'web' | 'worker' | 'start', env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js'), mode], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const onData = (chunk: Buffer) => logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    logs,
    async waitForLog(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = logs.find((l) => pattern.test(l));
        if (hit) return hit;
        if (child.exitCode !== null) throw new Error(`${mode} exited (${child.exitCode}) before logging ${pattern}:\n${logs.join('\n')}`);
        if (Date.now() > deadline) throw new Error(`${mode} did not log ${pattern} within ${timeoutMs} ms:\n${logs.slice(-20).join('\n')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async terminate() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
