import { z } from 'zod';

/** SPEC §2. Parsed once at boot, frozen, and passed in; nothing reads process.env elsewhere. */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const positiveInt = (name: string) =>
  z.coerce.number({ message: `${name} must be a number` }).int({ message: `${name} must be a whole number` }).positive({ message: `${name} must be greater than 0` });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0, { message: 'must be a port number' }).max(65535, { message: 'must be a port number' }).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, { message: 'must be sqlite:<path> or postgres://…' })
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, { message: 'must be redis://host:port' }).optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, { message: 'must be smtp://user:pass@host:port' }).optional(),
  MAIL_FROM: z.string().min(3).default('PCE Front Office <front-office@localhost>'),
  HUB_EMAIL: z.string().min(3).default('hub@localhost'),
  PUBLIC_URL: z.url({ message: 'must be a URL such as https://quotes.example.org' }).optional(),
  HUB_API_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  SLA_HOURS: positiveInt('SLA_HOURS').default(48),
  RATE_STALE_DAYS: positiveInt('RATE_STALE_DAYS').default(45),
  QUOTE_OPTIONS: positiveInt('QUOTE_OPTIONS').default(3),
  AUTO_SEND: bool.default(true),
  INTAKE_RATE_LIMIT: positiveInt('INTAKE_RATE_LIMIT').default(20),
  WORKER_CONCURRENCY: positiveInt('WORKER_CONCURRENCY').default(4),
  SLA_WATCH_SECONDS: positiveInt('SLA_WATCH_SECONDS').default(60),
  OBSERVATORY_SECONDS: positiveInt('OBSERVATORY_SECONDS').default(600),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be letters, digits, - or _' }).default('pce'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export interface Config {
  port: number;
  databaseUrl: string;
  /** True when DATABASE_URL was not set: the embedded default, which also loads the demo catalogue. */
  embeddedDatabase: boolean;
  redisUrl: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  hubEmail: string;
  publicUrl: string;
  hubApiToken: string | null;
  slaHours: number;
  rateStaleDays: number;
  quoteOptions: number;
  autoSend: boolean;
  intakeRateLimit: number;
  workerConcurrency: number;
  /** How often the SLA watch looks for briefs nearing or past their deadline. */
  slaWatchSeconds: number;
  /** How often the observatory's months are refreshed and the monthly digest checked (issue 16). */
  observatorySeconds: number;
  /** BullMQ key prefix: lets several deployments (or test runs) share one Redis. */
  queuePrefix: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, as shells and .env files commonly produce them. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `config: ${String(i.path[0])}: ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    databaseUrl: e.DATABASE_URL ?? 'sqlite:./data/pce.sqlite',
    embeddedDatabase: e.DATABASE_URL === undefined,
    redisUrl: e.REDIS_URL ?? null,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    hubEmail: e.HUB_EMAIL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    hubApiToken: e.HUB_API_TOKEN ?? null,
    slaHours: e.SLA_HOURS,
    rateStaleDays: e.RATE_STALE_DAYS,
    quoteOptions: e.QUOTE_OPTIONS,
    autoSend: e.AUTO_SEND,
    intakeRateLimit: e.INTAKE_RATE_LIMIT,
    workerConcurrency: e.WORKER_CONCURRENCY,
    slaWatchSeconds: e.SLA_WATCH_SECONDS,
    observatorySeconds: e.OBSERVATORY_SECONDS,
    queuePrefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
  });
}
