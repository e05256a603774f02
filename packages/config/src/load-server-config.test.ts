import { describe, expect, it } from 'vitest'
import { ConfigError, loadServerConfig } from './load-server-config'

const url = 'postgres://flectar:secret@127.0.0.1:5432/flectar'

describe('loadServerConfig', () => {
  it('accepts a development environment with only a database URL', () => {
    const config = loadServerConfig({ DATABASE_URL: url })
    expect(config.NODE_ENV).toBe('development')
    expect(config.PLATFORM_DOMAIN).toBe('localhost')
    expect(config.SESSION_SECRET.length).toBeGreaterThanOrEqual(32)
    expect(config.STORAGE_DIR).toBe('.data/storage')
    expect(config.ACCOUNT_RETENTION_DAYS).toBe(30)
  })

  it('reads the storage directory and the account retention window', () => {
    const config = loadServerConfig({ DATABASE_URL: url, STORAGE_DIR: '/var/lib/flectar/files', ACCOUNT_RETENTION_DAYS: '90' })
    expect(config.STORAGE_DIR).toBe('/var/lib/flectar/files')
    expect(config.ACCOUNT_RETENTION_DAYS).toBe(90)
    expect(() => loadServerConfig({ DATABASE_URL: url, ACCOUNT_RETENTION_DAYS: '0' })).toThrowError(/ACCOUNT_RETENTION_DAYS: must be at least 1 day/)
    expect(() => loadServerConfig({ DATABASE_URL: url, ACCOUNT_RETENTION_DAYS: 'a month' })).toThrowError(/ACCOUNT_RETENTION_DAYS/)
  })

  it('keeps platform billing off unless asked, and then needs the platform Stripe key and signing secret', () => {
    expect(loadServerConfig({ DATABASE_URL: url }).PLATFORM_BILLING).toBe(false)
    expect(() => loadServerConfig({ DATABASE_URL: url, PLATFORM_BILLING: 'true' })).toThrowError(/PLATFORM_STRIPE_SECRET_KEY and PLATFORM_STRIPE_WEBHOOK_SECRET/)
    expect(() => loadServerConfig({ DATABASE_URL: url, PLATFORM_BILLING: 'true', PLATFORM_STRIPE_SECRET_KEY: 'pk_test_abc', PLATFORM_STRIPE_WEBHOOK_SECRET: 'whsec_abc' })).toThrowError(/PLATFORM_STRIPE_SECRET_KEY: must be a Stripe secret key/)
    const on = loadServerConfig({ DATABASE_URL: url, PLATFORM_BILLING: 'true', PLATFORM_STRIPE_SECRET_KEY: 'sk_test_abc', PLATFORM_STRIPE_WEBHOOK_SECRET: 'whsec_abc' })
    expect(on).toMatchObject({ PLATFORM_BILLING: true, PLATFORM_STRIPE_SECRET_KEY: 'sk_test_abc', PLATFORM_STRIPE_WEBHOOK_SECRET: 'whsec_abc' })
  })

  it('keeps files on local disk unless an S3 bucket is configured, and reads the S3 settings', () => {
    const local = loadServerConfig({ DATABASE_URL: url })
    expect(local.S3_BUCKET).toBeUndefined()
    expect(local.S3_REGION).toBe('us-east-1')
    expect(local.S3_FORCE_PATH_STYLE).toBe(false)
    const s3 = loadServerConfig({ DATABASE_URL: url, S3_BUCKET: 'flectar-media', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_REGION: 'eu-west-1', S3_ACCESS_KEY_ID: 'key', S3_SECRET_ACCESS_KEY: 'secret', S3_FORCE_PATH_STYLE: 'true' })
    expect(s3).toMatchObject({ S3_BUCKET: 'flectar-media', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_REGION: 'eu-west-1', S3_ACCESS_KEY_ID: 'key', S3_SECRET_ACCESS_KEY: 'secret', S3_FORCE_PATH_STYLE: true })
    expect(() => loadServerConfig({ DATABASE_URL: url, S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'key-only' })).toThrowError(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/)
    expect(() => loadServerConfig({ DATABASE_URL: url, S3_ENDPOINT: 'not a url' })).toThrowError(/S3_ENDPOINT/)
  })

  it('turns Google sign-in on only with both client id and secret, with Google\'s endpoints by default', () => {
    const off = loadServerConfig({ DATABASE_URL: url })
    expect(off.GOOGLE_CLIENT_ID).toBeUndefined()
    expect(off.GOOGLE_ISSUER).toBe('https://accounts.google.com')
    expect(off.GOOGLE_AUTH_URL).toBe('https://accounts.google.com/o/oauth2/v2/auth')
    expect(off.GOOGLE_TOKEN_URL).toBe('https://oauth2.googleapis.com/token')
    expect(off.GOOGLE_JWKS_URL).toBe('https://www.googleapis.com/oauth2/v3/certs')
    const on = loadServerConfig({ DATABASE_URL: url, GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com', GOOGLE_CLIENT_SECRET: 'shh', GOOGLE_ISSUER: 'http://127.0.0.1:4000', GOOGLE_JWKS_URL: 'http://127.0.0.1:4000/jwks' })
    expect(on.GOOGLE_CLIENT_ID).toBe('id.apps.googleusercontent.com')
    expect(on.GOOGLE_ISSUER).toBe('http://127.0.0.1:4000')
    expect(on.GOOGLE_JWKS_URL).toBe('http://127.0.0.1:4000/jwks')
    expect(() => loadServerConfig({ DATABASE_URL: url, GOOGLE_CLIENT_ID: 'id-only' })).toThrowError(/GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET/)
    expect(() => loadServerConfig({ DATABASE_URL: url, GOOGLE_TOKEN_URL: 'not a url' })).toThrowError(/GOOGLE_TOKEN_URL/)
  })

  it('runs the background jobs in the worker unless the admin is told to, every kind on by default', () => {
    const config = loadServerConfig({ DATABASE_URL: url })
    expect(config).toMatchObject({ ADMIN_RUNS_JOBS: false, ANALYTICS_JOBS: true, BOOKING_JOBS: true, SITE_JOBS: true })
    expect(loadServerConfig({ DATABASE_URL: url, ADMIN_RUNS_JOBS: 'true', ANALYTICS_JOBS: '0', BOOKING_JOBS: 'false', SITE_JOBS: '1' }))
      .toMatchObject({ ADMIN_RUNS_JOBS: true, ANALYTICS_JOBS: false, BOOKING_JOBS: false, SITE_JOBS: true })
    expect(() => loadServerConfig({ DATABASE_URL: url, ADMIN_RUNS_JOBS: 'yes' })).toThrowError(/ADMIN_RUNS_JOBS: must be true or false/)
  })

  it('reads where project sites live, which must name the slug', () => {
    expect(loadServerConfig({ DATABASE_URL: url }).NUXT_PUBLIC_SITE_URL_PATTERN).toBe('http://{slug}.localhost:3001')
    expect(loadServerConfig({ DATABASE_URL: url, NUXT_PUBLIC_SITE_URL_PATTERN: 'https://{slug}.example.com' }).NUXT_PUBLIC_SITE_URL_PATTERN).toBe('https://{slug}.example.com')
    expect(() => loadServerConfig({ DATABASE_URL: url, NUXT_PUBLIC_SITE_URL_PATTERN: 'https://example.com' })).toThrowError(/NUXT_PUBLIC_SITE_URL_PATTERN: must contain \{slug\}/)
  })

  it('refuses production without secrets and names both variables', () => {
    expect(() => loadServerConfig({ NODE_ENV: 'production', DATABASE_URL: url }))
      .toThrowError(/SESSION_SECRET, ENCRYPTION_KEY/)
  })

  it('names a malformed variable without echoing its value', () => {
    let error: unknown
    try {
      loadServerConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x', ENCRYPTION_KEY: 'short' })
    }
    catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message).toContain('DATABASE_URL: must start with postgres://')
    expect(message).toContain('ENCRYPTION_KEY: must be 32 bytes')
    expect(message).not.toContain('hunter2')
  })

  it('accepts production with valid secrets', () => {
    const config = loadServerConfig({
      NODE_ENV: 'production',
      DATABASE_URL: url,
      SESSION_SECRET: 'x'.repeat(48),
      ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    })
    expect(config.NODE_ENV).toBe('production')
  })
})
