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
  TRUST_PROXY: z
    .string()
    .regex(/^(\d{1,2}|true|false|[A-Za-z0-9.:/_-]+(\s*,\s*[A-Za-z0-9.:/_-]+)*)$/, { message: 'must be a hop count, or comma-separated addresses/CIDRs (or loopback, linklocal, uniquelocal)' })
    .default('loopback'),
  HUB_NAME: z.string().trim().min(2, { message: 'must be the name organisers know the hub by' }).max(120).default('PCE Front Office'),
  HUB_PHONE: z.string().trim().regex(/^\+?[0-9 ().-]{6,30}$/, { message: 'must be a telephone number such as +33 4 91 00 00 00' }).optional(),
  HUB_ADVISOR: z.string().trim().min(2, { message: 'must be the name of the advisor organisers deal with' }).max(120).optional(),
  QUOTE_VALID_DAYS: positiveInt('QUOTE_VALID_DAYS').default(30),
  RETENTION_MONTHS: positiveInt('RETENTION_MONTHS').default(36),
  SUPPLIER_RESPONSE_HOURS: positiveInt('SUPPLIER_RESPONSE_HOURS').default(24),
  HOLD_DAYS: positiveInt('HOLD_DAYS').default(7),
});

/** Express's `trust proxy`: a hop count, true/false, or the load balancers' addresses. */
function trustProxyValue(raw: string): number | boolean | string[] {
  if (/^\d+$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw.split(',').map((s) => s.trim());
}

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
  /** Which proxies' X-Forwarded-For / -Proto are believed (SPEC §11: client addresses come from here). */
  trustProxy: number | boolean | string[];
  /** PUBLIC_URL is https: session cookies are Secure with the __Host- prefix, and HSTS is sent. */
  secureCookies: boolean;
  /** How the hub signs its quotes (SPEC §7): name, telephone and named advisor; HUB_EMAIL is the contact address. */
  hubName: string;
  hubPhone: string | null;
  hubAdvisor: string | null;
  /** A sent quote's prices hold this many days (SPEC §2). */
  quoteValidDays: number;
  /** SPEC §12: a brief's personal data is anonymised this many months after its event ended (the brief form says so). */
  retentionMonths: number;
  /** SPEC §9.2: a supplier is reminded at half of this and the hub alerted at the end. */
  supplierResponseHours: number;
  /** SPEC §9.3: a venue's confirmation holds its spaces until this many days after it. */
  holdDays: number;
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
    trustProxy: trustProxyValue(e.TRUST_PROXY),
    secureCookies: (e.PUBLIC_URL ?? '').startsWith('https:'),
    hubName: e.HUB_NAME,
    hubPhone: e.HUB_PHONE ?? null,
    hubAdvisor: e.HUB_ADVISOR ?? null,
    quoteValidDays: e.QUOTE_VALID_DAYS,
    retentionMonths: e.RETENTION_MONTHS,
    supplierResponseHours: e.SUPPLIER_RESPONSE_HOURS,
    holdDays: e.HOLD_DAYS,
  });
}
