import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type net from 'node:net';

export interface ReceivedMail {
  to: string;
  kind: string | undefined;
  ref: string | undefined;
  subject: string;
  text: string;
  html: string;
  messageId: string | undefined;
  parsed: ParsedMail;
}

/**
 * How the server answers the next messages: accept (null), reply with an SMTP error code, take
 * the message and then drop the connection before answering (`drop`), or take it and answer
 * "250" only once `hold` settles (the sending job stays in flight until the test says so).
 */
export type SmtpBehaviour = (mail: { to: string; kind?: string; count: number }) => { code: number; message: string } | { drop: true } | { hold: Promise<void> } | null;

/**
 * A real SMTP server in-process (no mocked transport): it parses each message with mailparser
 * so tests can assert the headers, parts and language the product really sends.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  behaviour: SmtpBehaviour = () => null;
  private attempts = 0;
  private server: SMTPServer;
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) => {
        simpleParser(stream)
          .then((parsed) => {
            const to = session.envelope.rcptTo.map((r) => r.address).join(',');
            const kind = parsed.headers.get('x-pce-kind') as string | undefined;
            this.attempts += 1;
            const failure = this.behaviour({ to, kind, count: this.attempts });
            if (failure && 'drop' in failure) {
              this.received.push(this.toReceived(to, parsed));
              // The message reached us, but the client never hears "250": it must assume it failed.
              const connections = (this.server as unknown as { connections: Set<{ id: string; _socket: net.Socket }> }).connections;
              for (const c of connections) if (c.id === session.id) c._socket.destroy();
              return;
            }
            if (failure && 'hold' in failure) {
              return failure.hold.then(() => {
                this.received.push(this.toReceived(to, parsed));
                callback();
              });
            }
            if (failure) {
              const err = new Error(failure.message) as Error & { responseCode: number };
              err.responseCode = failure.code;
              return callback(err);
            }
            this.received.push(this.toReceived(to, parsed));
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
  }

  private toReceived(to: string, parsed: ParsedMail): ReceivedMail {
    return {
      to,
      kind: parsed.headers.get('x-pce-kind') as string | undefined,
      ref: parsed.headers.get('x-pce-ref') as string | undefined,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      messageId: parsed.messageId,
      parsed,
    };
  }

  async start(): Promise<string> {
    // A client killed mid-conversation (a test kills workers) resets its socket: not a failure.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = ((this.server as unknown as { server: net.Server }).server.address() as net.AddressInfo).port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  ofKind(kind: string): ReceivedMail[] {
    return this.received.filter((m) => m.kind === kind);
  }

  async waitFor(predicate: (m: ReceivedMail[]) => boolean, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for e-mails; received: ${this.received.map((m) => `${m.kind}→${m.to}`).join(', ') || 'none'}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.received;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
