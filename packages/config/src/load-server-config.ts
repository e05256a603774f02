import { z } from 'zod'

/** Thrown when the environment cannot run the product; the message names each variable at fault. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

const base64Key32 = z
  .string()
  .refine(value => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')

/** A true/false variable (`1`/`0` too). */
function flag(fallback: 'true' | 'false') {
  return z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).default(fallback).transform(value => value === 'true' || value === '1')
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string({ error: 'is required: a PostgreSQL connection URL such as postgres://user:pass@host:5432/flectar' })
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 48)').optional(),
  ENCRYPTION_KEY: base64Key32.optional(),
  PLATFORM_DOMAIN: z.string().min(1).default('localhost'),
  ADMIN_URL: z.url().default('http://localhost:3000'),
  /** Trust X-Forwarded-For for the client IP (only behind a proxy that sets it). */
  TRUST_PROXY: flag('false'),
  /** Resend API key: email goes through Resend; unset, it stays in the dev mailbox. */
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.url().optional(),
  EMAIL_FROM: z.string().default('Flectar Base <no-reply@flectar.localhost>'),
  /** Resend's signing secret for its webhooks (delivery events and inbound email, POST /api/webhooks/resend). */
  RESEND_WEBHOOK_SECRET: z.string().trim().regex(/^whsec_\S+$/, 'must be the webhook signing secret (whsec_…)').optional(),
  /** Domain whose every address Resend receives: customers' email replies come back to <site slug>@<domain>. Unset: replies go to the sender. */
  INBOUND_EMAIL_DOMAIN: z.string().trim().toLowerCase().regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain such as inbox.example.com').optional(),
  /** The platform's Meta app (WhatsApp Cloud API): signs every webhook (X-Hub-Signature-256), and the token Meta echoes to verify the webhook URL. */
  WHATSAPP_APP_SECRET: z.string().trim().min(1).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().trim().min(1).optional(),
  /** Stand-ins for the messaging providers' APIs: a local fake in tests and development. */
  WHATSAPP_API_URL: z.url().optional(),
  TWILIO_API_URL: z.url().optional(),
  /** Turnstile's siteverify endpoint (Cloudflare's unless set: a local fake in tests). */
  TURNSTILE_VERIFY_URL: z.url().default('https://challenges.cloudflare.com/turnstile/v0/siteverify'),
  /** Show stored email in the admin app (always on in development; never use in real production). */
  DEV_MAILBOX: flag('false'),
  /** Google sign-in is offered only when both the client id and the secret are set. */
  GOOGLE_CLIENT_ID: z.string().trim().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().trim().min(1).optional(),
  /** Google's endpoints; change them only to point at another OpenID provider (tests do). */
  GOOGLE_ISSUER: z.url().default('https://accounts.google.com'),
  GOOGLE_AUTH_URL: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  GOOGLE_JWKS_URL: z.url().default('https://www.googleapis.com/oauth2/v3/certs'),
  /** Root directory of uploaded files (local disk storage); relative paths are from the process's working directory. */
  STORAGE_DIR: z.string().trim().min(1, 'must be a directory path').default('.data/storage'),
  /** Uploaded files go to this S3 bucket instead of STORAGE_DIR when it is set. */
  S3_BUCKET: z.string().trim().min(1).optional(),
  /** An S3-compatible server (MinIO, R2, …); unset means AWS. */
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  /** Both or neither; without them the AWS SDK's default chain (instance role, …) is used. */
  S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().trim().min(1).optional(),
  /** `endpoint/bucket/key` addressing, which most self-hosted S3 servers need. */
  S3_FORCE_PATH_STYLE: flag('false'),
  /** Where the admin links to a project's public site (emails, media links); `{slug}` is replaced. */
  NUXT_PUBLIC_SITE_URL_PATTERN: z.string().trim().refine(value => value.includes('{slug}'), 'must contain {slug}, e.g. https://{slug}.example.com').default('http://{slug}.localhost:3001'),
  /** The background jobs run in `pnpm worker`; `true` runs them in the admin app as well (one-process installs). */
  ADMIN_RUNS_JOBS: flag('false'),
  /** Per-kind switches of whatever runs the jobs (the worker, or an admin with ADMIN_RUNS_JOBS). */
  ANALYTICS_JOBS: flag('true'),
  BOOKING_JOBS: flag('true'),
  SITE_JOBS: flag('true'),
  /** Rendered pages each site instance keeps in memory (the oldest go first); 0 serves every page from the stored bytes in PostgreSQL. */
  SITE_PAGE_MEMORY_ENTRIES: z.coerce.number({ error: 'must be a number of pages' }).int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000, 'must be at most 1000000').default(2000),
  /** Extra origins PayPal webhook certificates may be fetched from (comma-separated): a local fake in tests, never a real deployment. */
  PAYPAL_CERT_TRUSTED_ORIGINS: z.string().trim().default('')
    .transform(value => value.split(',').map(origin => origin.trim()).filter(origin => origin !== ''))
    .refine(origins => origins.every(origin => URL.canParse(origin) && new URL(origin).origin === origin), 'must be origins such as http://127.0.0.1:8080, separated by commas'),
  /** Minutes a slot is held for a payment online before it is released (Stripe Checkout itself stays open at least 30). */
  PAYMENT_HOLD_MINUTES: z.coerce.number({ error: 'must be a number of minutes' }).int('must be a whole number of minutes').min(5, 'must be at least 5 minutes').max(1440, 'must be at most 1440 minutes (a day)').default(15),
  /** Stand-ins for the payment providers' APIs: a local fake in tests and development, never a real deployment. */
  STRIPE_API_URL: z.url().optional(),
  PAYPAL_API_URL: z.url().optional(),
  REDSYS_URL: z.url().optional(),
  /** Platform billing of organisations (plans with limits, paid through the platform's Stripe account). Off: no plan and no limit apply. */
  PLATFORM_BILLING: flag('false'),
  /** The platform's own Stripe account (not a merchant's), needed when PLATFORM_BILLING is on. */
  PLATFORM_STRIPE_SECRET_KEY: z.string().trim().regex(/^(?:sk|rk)_\S+$/, 'must be a Stripe secret key (sk_…) or restricted key (rk_…)').optional(),
  PLATFORM_STRIPE_WEBHOOK_SECRET: z.string().trim().regex(/^whsec_\S+$/, 'must be the webhook signing secret (whsec_…)').optional(),
  /** The plans as a JSON array (see README); unset: Free, Starter and Business. */
  PLATFORM_PLANS: z.string().optional(),
  /** Days a deleted account is kept (soft-deleted) before it is purged for good. */
  ACCOUNT_RETENTION_DAYS: z.coerce.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days').default(30),
})

export type ServerConfig = z.infer<typeof envSchema> & {
  SESSION_SECRET: string
  ENCRYPTION_KEY: string
}

/**
 * Reads and validates the server environment once, at start-up. In production the
 * secrets are required; in development and tests a missing secret is replaced by a
 * throwaway value (the dev launcher writes stable ones into `.data/`).
 */
export function loadServerConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map(issue => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const config = parsed.data
  if (config.NODE_ENV === 'production') {
    const missing = (['SESSION_SECRET', 'ENCRYPTION_KEY'] as const).filter(name => !config[name])
    if (missing.length > 0) {
      throw new ConfigError(
        `Missing required secret${missing.length > 1 ? 's' : ''} in production: ${missing.join(', ')}. `
        + 'Generate with `openssl rand -base64 48` (SESSION_SECRET) and `openssl rand -base64 32` (ENCRYPTION_KEY).',
      )
    }
  }
  if (Boolean(config.S3_ACCESS_KEY_ID) !== Boolean(config.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError('S3 storage needs both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (or neither, to use the default AWS credentials).')
  }
  if (config.PLATFORM_BILLING && (!config.PLATFORM_STRIPE_SECRET_KEY || !config.PLATFORM_STRIPE_WEBHOOK_SECRET)) {
    throw new ConfigError('Platform billing (PLATFORM_BILLING=true) needs PLATFORM_STRIPE_SECRET_KEY and PLATFORM_STRIPE_WEBHOOK_SECRET.')
  }
  if (Boolean(config.GOOGLE_CLIENT_ID) !== Boolean(config.GOOGLE_CLIENT_SECRET)) {
    throw new ConfigError('Google sign-in needs both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (or neither, to turn it off).')
  }
  return {
    ...config,
    SESSION_SECRET: config.SESSION_SECRET ?? 'development-only-session-secret-not-for-production',
    ENCRYPTION_KEY: config.ENCRYPTION_KEY ?? Buffer.alloc(32, 7).toString('base64'),
  }
}
