import { z } from 'zod'

/** Thrown when the environment cannot run the product; the message names each variable at fault. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

const base64Key32 = z
  .string()
  .refine(value => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')

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
  TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false').transform(value => value === 'true' || value === '1'),
  /** Resend API key: email goes through Resend; unset, it stays in the dev mailbox. */
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.url().optional(),
  EMAIL_FROM: z.string().default('Flectar Base <no-reply@flectar.localhost>'),
  /** Show stored email in the admin app (always on in development; never use in real production). */
  DEV_MAILBOX: z.enum(['true', 'false', '1', '0']).default('false').transform(value => value === 'true' || value === '1'),
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
  return {
    ...config,
    SESSION_SECRET: config.SESSION_SECRET ?? 'development-only-session-secret-not-for-production',
    ENCRYPTION_KEY: config.ENCRYPTION_KEY ?? Buffer.alloc(32, 7).toString('base64'),
  }
}
