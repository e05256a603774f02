import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger, type LogLevel } from './logger'

function capture(level?: LogLevel) {
  const lines: string[] = []
  const logger = createLogger({ name: 'test', level, write: line => lines.push(line) })
  const records = () => lines.map(line => JSON.parse(line) as Record<string, unknown>)
  return { logger, lines, records }
}

// One realistic leak per kind the redactor knows about.
const SECRETS = {
  password: 'hunter2-correct-horse',
  bearer: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
  dbPassword: 's3cr3t-db-pass',
  stripe: 'sk_live_51HxYzAbCdEfGhIjKlMnOp',
  card: '4242 4242 4242 4242',
  queryToken: 'q-reset-token-7f3a9c',
  cookie: 'sess-9a8b7c6d5e',
  apiKey: 'fk_live_0123456789',
  clientSecret: 'oauth-client-secret-xyz',
  otp: '493817',
  webhook: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
}

describe('createLogger', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  it('writes one JSON line with time, level, name, msg and fields', () => {
    const { logger, lines, records } = capture()
    logger.info('booking created', { bookingId: 'bk_1', seats: 2 })
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toContain('\n')
    const [record] = records()
    expect(Object.keys(record ?? {}).slice(0, 4)).toEqual(['time', 'level', 'name', 'msg'])
    expect(record).toMatchObject({ level: 'info', name: 'test', msg: 'booking created', bookingId: 'bk_1', seats: 2 })
    expect(new Date(String(record?.time)).toISOString()).toBe(record?.time)
  })

  it('keeps a multi-line message on one line', () => {
    const { logger, lines } = capture()
    logger.error('first\nsecond')
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] ?? '{}').msg).toBe('first\nsecond')
  })

  it('filters below the configured level', () => {
    const { logger, records } = capture('warn')
    logger.debug('d')
    logger.info('i')
    logger.warn('w')
    logger.error('e')
    expect(records().map(record => record.level)).toEqual(['warn', 'error'])
  })

  it('takes its default level from LOG_LEVEL, falling back to info', () => {
    const lines: string[] = []
    const write = (line: string) => lines.push(line)
    vi.stubEnv('LOG_LEVEL', 'DEBUG')
    createLogger({ name: 'a', write }).debug('shown')
    vi.stubEnv('LOG_LEVEL', 'toString')
    createLogger({ name: 'b', write }).debug('hidden')
    createLogger({ name: 'b', write }).info('shown')
    vi.stubEnv('LOG_LEVEL', '')
    createLogger({ name: 'c', write }).debug('hidden')
    expect(lines.map(line => JSON.parse(line).name)).toEqual(['a', 'b'])
  })

  it('sends warn and error to stderr and the rest to stdout by default', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const logger = createLogger({ name: 'stdio', level: 'debug' })
    logger.debug('d')
    logger.info('i')
    logger.warn('w')
    logger.error('e')
    expect(out.mock.calls.map(([line]) => JSON.parse(String(line)).msg)).toEqual(['d', 'i'])
    expect(err.mock.calls.map(([line]) => JSON.parse(String(line)).msg)).toEqual(['w', 'e'])
    expect(String(out.mock.calls[0]?.[0]).endsWith('\n')).toBe(true)
  })

  it('child loggers add bound fields, and core keys cannot be overridden', () => {
    const { logger, records } = capture()
    const child = logger.child({ requestId: 'req_1', siteId: 'site_1' }).child({ userId: 'usr_1' })
    child.info('hello', { siteId: 'site_2', msg: 'forged', level: 'error' })
    expect(records()[0]).toMatchObject({ level: 'info', msg: 'hello', name: 'test', requestId: 'req_1', siteId: 'site_2', userId: 'usr_1' })
  })

  it('serialises Maps, Sets and bigints readably', () => {
    const { logger, records } = capture()
    logger.info('shapes', { map: new Map([['a', 1]]), set: new Set([1, 2]), big: 10n })
    expect(records()[0]).toMatchObject({ map: { a: 1 }, set: [1, 2], big: '10' })
  })

  it('never writes any kind of secret, in the message, fields or child bindings', () => {
    const { logger, lines } = capture('debug')
    const child = logger.child({ requestHeaders: { authorization: `Bearer ${SECRETS.bearer}`, cookie: `flectar_session=${SECRETS.cookie}` } })
    child.info(`login attempt with Bearer ${SECRETS.bearer}`, { body: { email: 'ana@example.com', password: SECRETS.password } })
    child.error('db down', { err: new Error(`connect ECONNREFUSED postgres://flectar:${SECRETS.dbPassword}@db:5432/app`) })
    child.warn(`stripe key ${SECRETS.stripe} was rejected`)
    child.info(`charged card ${SECRETS.card}`, { note: `card ${SECRETS.card.replaceAll(' ', '-')}` })
    child.debug(`GET /auth/reset?token=${SECRETS.queryToken}&email=ana%40example.com`)
    child.info('incoming', { headers: { 'Cookie': `flectar_session=${SECRETS.cookie}`, 'x-api-key': SECRETS.apiKey } })
    child.info(`Set-Cookie: flectar_session=${SECRETS.cookie}; Path=/; HttpOnly`)
    child.info('oauth exchange', { integration: { clientSecret: SECRETS.clientSecret, client_secret: SECRETS.clientSecret } })
    child.info('2fa', { code: SECRETS.otp, totpCode: SECRETS.otp })
    child.info(`webhook secret is ${SECRETS.webhook}`, { raw: `{"password":"${SECRETS.password}"}` })

    expect(lines).toHaveLength(10)
    const output = lines.join('\n')
    for (const [kind, secret] of Object.entries(SECRETS)) expect(output, kind).not.toContain(secret)
    expect(output).not.toContain('4242-4242-4242-4242')
    expect(output).toContain('ana@example.com')
    expect(output).toContain('[REDACTED CARD]')
  })
})
