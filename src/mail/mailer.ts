import nodemailer, { type Transporter } from 'nodemailer';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface OutgoingEmail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  attachments?: MailAttachment[];
}

export interface Mailer {
  /** 'log' means no SMTP_URL: the message is recorded as delivered and never leaves the machine. */
  readonly transport: 'smtp' | 'log';
  send(email: OutgoingEmail): Promise<{ messageId: string | null }>;
  close(): void;
}

/** Errors an SMTP server will never accept on retry (5xx), as opposed to 4xx and network trouble. */
export function isPermanentSmtpError(err: unknown): boolean {
  const code = (err as { responseCode?: number } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function createMailer(smtpUrl: string | null): Mailer {
  if (!smtpUrl) {
    return { transport: 'log', send: async () => ({ messageId: null }), close: () => undefined };
  }
  const u = new URL(smtpUrl);
  const transporter: Transporter = nodemailer.createTransport({
    // Reuse connections: a new SMTP handshake per e-mail costs more than the e-mail itself.
    pool: true,
    maxConnections: 4,
    host: u.hostname,
    port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 587)),
    secure: u.protocol === 'smtps:',
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    // Local and test servers often speak plain SMTP; STARTTLS is used whenever offered.
    ignoreTLS: u.searchParams.get('tls') === 'off',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    transport: 'smtp',
    async send(email) {
      const info = await transporter.sendMail(email);
      return { messageId: info.messageId ?? email.messageId };
    },
    close: () => transporter.close(),
  };
}
