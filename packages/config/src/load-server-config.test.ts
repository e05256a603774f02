import { describe, expect, it } from 'vitest'
import { ConfigError, loadServerConfig } from './load-server-config'

const url = 'postgres://flectar:secret@127.0.0.1:5432/flectar'

describe('loadServerConfig', () => {
  it('accepts a development environment with only a database URL', () => {
    const config = loadServerConfig({ DATABASE_URL: url })
    expect(config.NODE_ENV).toBe('development')
    expect(config.PLATFORM_DOMAIN).toBe('localhost')
    expect(config.SESSION_SECRET.length).toBeGreaterThanOrEqual(32)
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
