/**
 * Configuration from environment variables, validated once at start with clear messages.
 */
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** One trusted proxy: an IPv4/IPv6 address, or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
export function trustedProxyProblem(entry: string): string | null {
  const [address = '', prefix, extra] = entry.split('/');
  const family = net.isIP(address);
  if (!family || extra !== undefined) return `"${entry}" is not an IP address or CIDR range`;
  if (prefix === undefined) return null;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!(bits >= 0 && bits <= (family === 4 ? 32 : 128))) return `"${entry}" has an invalid prefix length (0–${family === 4 ? 32 : 128})`;
  return null;
}

const ZTrustedProxies = z
  .string()
  .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean))
  .superRefine((list, ctx) => {
    for (const entry of list) {
      const problem = trustedProxyProblem(entry);
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; expected comma-separated addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8` });
    }
  });

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().optional(),
  OPENNRM_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres://, postgresql:// or sqlite:')
    .optional(),
  OPENNRM_MODE: z.enum(['demo', 'production', 'test']).default('demo'),
  /** JSON keyring (see keyring.ts) given inline; takes precedence over OPENNRM_KEYRING_FILE. */
  OPENNRM_KEYRING: z.string().optional(),
  OPENNRM_KEYRING_FILE: z.string().optional(),
  /** The erasure ledger (platform/crypto/erasures.ts): kept with the keyring, apart from database backups. */
  OPENNRM_ERASURE_LEDGER: z.string().optional(),
  OPENNRM_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  OPENNRM_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  OPENNRM_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  OPENNRM_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  OPENNRM_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(20),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (comma-separated IPs or CIDR ranges). None by default: the
   * client address is then the socket's, whatever the request says.
   */
  OPENNRM_TRUSTED_PROXIES: ZTrustedProxies.optional(),
  OPENNRM_TIMEZONE: z.string().default('Africa/Casablanca'),
  OPENNRM_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  OPENNRM_SEED_CASES: z.coerce.number().int().min(0).default(300),
  OPENNRM_COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** E-mail of notifications (never with personal data): smtp://user:pass@host:port or smtps://… */
  OPENNRM_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must look like smtp://host:port or smtps://host:port').optional(),
  OPENNRM_MAIL_FROM: z.string().min(3).max(300).optional(),
  /** The address people use to reach OpenNRM (the sign-in link in e-mails). */
  OPENNRM_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** `off`: the retention schedule runs only when asked (the page's "Run now", `opennrm retention run` from cron). */
  OPENNRM_RETENTION_DAILY: z.enum(['on', 'off']).default('on'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  mode: 'demo' | 'production' | 'test';
  keyring: { inline?: string; file: string; generateIfMissing: boolean; erasureLedger: string };
  session: { idleMinutes: number; maxHours: number; cookieSecure: boolean };
  /**
   * Sign-in throttle per (e-mail, address): after `maxFailures` failures that address waits 1, 2, 4 … minutes
   * for that e-mail, at most `maxBackoffMinutes` (4 × OPENNRM_LOCKOUT_MINUTES). `lockoutMinutes` is also how
   * long wrong second-factor codes lock the account.
   */
  login: { maxFailures: number; lockoutMinutes: number; maxBackoffMinutes: number; ratePerMinute: number };
  /** Addresses / CIDR ranges of the reverse proxies whose X-Forwarded-For counts (empty: none). */
  trustedProxies: string[];
  /** OPENNRM_PUBLIC_URL's origin (`https://nrm.example.ma`), also accepted as the Origin of state-changing requests. */
  publicOrigin: string | null;
  timezone: string;
  bodyLimitBytes: number;
  seedCases: number;
  /** Whether the retention schedule runs by itself once a day (from data/config/retention.json's runAtHour). */
  retentionDaily: boolean;
  logLevel: string;
  /** Set when SMTP is configured: notifications are then also sent by e-mail. */
  mail: { smtpUrl: string; from: string; publicUrl: string } | null;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set" (as in `DATABASE_URL= npm start`).
  const parsed = ZEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.OPENNRM_DATA_DIR);
  let database: Config['database'];
  if (e.DATABASE_URL?.startsWith('postgres')) database = { kind: 'postgres', url: e.DATABASE_URL };
  else if (e.DATABASE_URL?.startsWith('sqlite:')) database = { kind: 'sqlite', file: path.resolve(e.DATABASE_URL.slice(7)) };
  else database = { kind: 'sqlite', file: path.join(dataDir, 'opennrm.db') };

  const production = e.OPENNRM_MODE === 'production';
  if (production && !e.OPENNRM_KEYRING && !e.OPENNRM_KEYRING_FILE) {
    throw new ConfigError(
      'Invalid configuration:\n  - OPENNRM_KEYRING or OPENNRM_KEYRING_FILE: production mode needs real encryption keys ' +
        '(create them with `opennrm keys generate`); they are never generated silently in production',
    );
  }
  if (e.OPENNRM_SMTP_URL && !e.OPENNRM_MAIL_FROM) {
    throw new ConfigError('Invalid configuration:\n  - OPENNRM_MAIL_FROM: needed with OPENNRM_SMTP_URL (the sender address of notification e-mails)');
  }
  if (e.OPENNRM_SMTP_URL && production && !e.OPENNRM_PUBLIC_URL) {
    throw new ConfigError('Invalid configuration:\n  - OPENNRM_PUBLIC_URL: needed with OPENNRM_SMTP_URL in production (the sign-in link of notification e-mails)');
  }
  return {
    port: e.PORT,
    // A demo installation (known passwords) listens on this computer only; production on every interface.
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    dataDir,
    database,
    mode: e.OPENNRM_MODE,
    keyring: {
      inline: e.OPENNRM_KEYRING,
      file: path.resolve(e.OPENNRM_KEYRING_FILE ?? path.join(dataDir, 'keyring.json')),
      generateIfMissing: !production,
      erasureLedger: path.resolve(
        e.OPENNRM_ERASURE_LEDGER ?? path.join(path.dirname(path.resolve(e.OPENNRM_KEYRING_FILE ?? path.join(dataDir, 'keyring.json'))), 'erasures.ledger'),
      ),
    },
    session: {
      idleMinutes: e.OPENNRM_SESSION_IDLE_MINUTES,
      maxHours: e.OPENNRM_SESSION_MAX_HOURS,
      cookieSecure: e.OPENNRM_COOKIE_SECURE === 'auto' ? production : e.OPENNRM_COOKIE_SECURE === 'true',
    },
    login: {
      maxFailures: e.OPENNRM_LOGIN_MAX_FAILURES,
      lockoutMinutes: e.OPENNRM_LOCKOUT_MINUTES,
      maxBackoffMinutes: e.OPENNRM_LOCKOUT_MINUTES * 4,
      ratePerMinute: e.OPENNRM_LOGIN_RATE_PER_MINUTE,
    },
    trustedProxies: e.OPENNRM_TRUSTED_PROXIES ?? [],
    publicOrigin: e.OPENNRM_PUBLIC_URL ? new URL(e.OPENNRM_PUBLIC_URL).origin : null,
    timezone: e.OPENNRM_TIMEZONE,
    bodyLimitBytes: e.OPENNRM_BODY_LIMIT_BYTES,
    seedCases: e.OPENNRM_SEED_CASES,
    retentionDaily: e.OPENNRM_RETENTION_DAILY === 'on',
    logLevel: e.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    mail: e.OPENNRM_SMTP_URL
      ? { smtpUrl: e.OPENNRM_SMTP_URL, from: e.OPENNRM_MAIL_FROM!, publicUrl: (e.OPENNRM_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '') }
      : null,
  };
}
