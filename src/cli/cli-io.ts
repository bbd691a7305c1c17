/** Where a CLI writes, so tests can run it in-process and read what a person would see. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export function runCli(main: (argv: string[], env: NodeJS.ProcessEnv, io: CliIo) => Promise<number>, name: string): void {
  main(process.argv.slice(2), process.env, processIo).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
