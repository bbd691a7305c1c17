import type net from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/**
 * A real SMTP server in this process that notes when each e-mail was accepted (the "250" after
 * DATA), by its X-PCE-Kind and X-PCE-Ref headers. Headers only: parsing bodies is not the product's cost.
 */
export async function startBenchSmtp(): Promise<{ url: string; accepted: Map<string, number>; count(): number; stop(): Promise<void> }> {
  const accepted = new Map<string, number>();
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream: SMTPServerDataStream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 16_384 && !head.includes('\r\n\r\n')) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        count++;
        const kind = /^x-pce-kind:\s*(\S+)/im.exec(head)?.[1];
        const ref = /^x-pce-ref:\s*(\S+)/im.exec(head)?.[1];
        if (kind === 'draft_quote' && ref && !accepted.has(ref)) accepted.set(ref, Date.now());
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as net.AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    count: () => count,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
