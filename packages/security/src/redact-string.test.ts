import { describe, expect, it } from 'vitest'
import { passesLuhn, redactString } from './redact-string'

describe('redactString', () => {
  it('hides Bearer tokens and Basic credentials, keeping the scheme', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.s1gn-atur_e'
    expect(redactString(`upstream said 401 for Bearer ${jwt}`)).toBe('upstream said 401 for Bearer [REDACTED]')
    expect(redactString('Authorization: Basic dXNlcjpodW50ZXIy')).toBe('Authorization: Basic [REDACTED]')
    expect(redactString('sent Basic dXNlcjpodW50ZXIy upstream')).toBe('sent Basic [REDACTED] upstream')
    expect(redactString('authorization: opaque-token-123')).toBe('authorization: [REDACTED]')
  })

  it('leaves the word Basic alone when no credential follows', () => {
    expect(redactString('Switched to the Basic plan; Basic information updated')).toBe('Switched to the Basic plan; Basic information updated')
  })

  it('hides URL passwords for any scheme, even with @ inside the password', () => {
    expect(redactString('connect ECONNREFUSED postgres://flectar:s3cr3t@db.internal:5432/flectar'))
      .toBe('connect ECONNREFUSED postgres://flectar:[REDACTED]@db.internal:5432/flectar')
    expect(redactString('redis://:hunter2@cache:6379/0')).toBe('redis://:[REDACTED]@cache:6379/0')
    expect(redactString('smtps://mailer:p@ss@smtp.example.com')).toBe('smtps://mailer:[REDACTED]@smtp.example.com')
    expect(redactString('{"dsn":"amqp://u:p@mq","owner":"ops@example.com"}')).toBe('{"dsn":"amqp://u:[REDACTED]@mq","owner":"ops@example.com"}')
  })

  it('hides secret query parameters and keeps the rest', () => {
    expect(redactString('GET /auth/reset?token=abc123&email=ana%40example.com&page=2'))
      .toBe('GET /auth/reset?token=[REDACTED]&email=ana%40example.com&page=2')
    expect(redactString('https://app.test/cb?code=oauth-code&state=xyz&client_secret=zzz&api_key=k&X-Amz-Signature=ab12&sig=s'))
      .toBe('https://app.test/cb?code=[REDACTED]&state=xyz&client_secret=[REDACTED]&api_key=[REDACTED]&X-Amz-Signature=[REDACTED]&sig=[REDACTED]')
    expect(redactString('/login?key=k1&secret=s&password=p&signature=x')).toBe('/login?key=[REDACTED]&secret=[REDACTED]&password=[REDACTED]&signature=[REDACTED]')
  })

  it('hides Luhn-valid card numbers, spaced, dashed or plain, and keeps Luhn-invalid ones', () => {
    expect(redactString('charging 4242 4242 4242 4242 now')).toBe('charging [REDACTED CARD] now')
    expect(redactString('card=4242-4242-4242-4242')).toBe('card=[REDACTED CARD]')
    expect(redactString('amex 378282246310005.')).toBe('amex [REDACTED CARD].')
    expect(redactString('order 4242424242424241')).toBe('order 4242424242424241')
    expect(redactString('call +49 170 1234567 re booking 2024-01-15')).toBe('call +49 170 1234567 re booking 2024-01-15')
    expect(redactString('at 1700000000000 ms')).toBe('at 1700000000000 ms')
  })

  it('hides provider keys by prefix', () => {
    const text = 'keys sk_live_51HxYzAbCdEfGhIjKlMnOp, sk_test_4eC39HqLyjWDarjtT1zdp7dc, rk_live_abcdefghijklmnop12, whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, re_c1tpEyD8_NKFusih9vKVQknRAQfm, ghp_abcdefghijklmnopqrstuvwxyz0123456789'
    expect(redactString(text)).toBe('keys [REDACTED], [REDACTED], [REDACTED], [REDACTED], [REDACTED], [REDACTED]')
    expect(redactString('job re_send_booking_confirmation_email queued')).toBe('job re_send_booking_confirmation_email queued')
    expect(redactString('sk_live_short')).toBe('sk_live_short')
  })

  it('hides cookie values after Cookie: and Set-Cookie:, keeping names and attributes', () => {
    expect(redactString('Cookie: flectar_session=abc123; theme=dark')).toBe('Cookie: flectar_session=[REDACTED]; theme=[REDACTED]')
    expect(redactString('Set-Cookie: sid=abc123; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly; SameSite=Lax'))
      .toBe('Set-Cookie: sid=[REDACTED]; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly; SameSite=Lax')
    expect(redactString('{ \'set-cookie\': [ \'sid=abc; Path=/\' ], "cookie":"a=b; c=d" }'))
      .toBe('{ \'set-cookie\': [ \'sid=[REDACTED]; Path=/\' ], "cookie":"a=[REDACTED]; c=[REDACTED]" }')
  })

  it('hides credential-named values in JSON, form bodies, env dumps and inspect output', () => {
    expect(redactString('body {"email":"ana@example.com","password":"hunter2","newPassword":"a\\"b"}'))
      .toBe('body {"email":"ana@example.com","password":"[REDACTED]","newPassword":"[REDACTED]"}')
    expect(redactString('email=ana%40example.com&password=hunter2&remember=1')).toBe('email=ana%40example.com&password=[REDACTED]&remember=1')
    expect(redactString('ENCRYPTION_KEY=abc+/= STRIPE_WEBHOOK_SECRET=x DATABASE_PASSWORD=y'))
      .toBe('ENCRYPTION_KEY=[REDACTED] STRIPE_WEBHOOK_SECRET=[REDACTED] DATABASE_PASSWORD=[REDACTED]')
    expect(redactString('{ clientSecret: \'cs_abc\', accessToken: "at" }')).toBe('{ clientSecret: \'[REDACTED]\', accessToken: "[REDACTED]" }')
  })

  it('hides token-shaped path segments: manage links, preview links, invitations, signed URLs', () => {
    const signature = 'q3Xv9LrT0bYw2ZkP8sNfA1cD4eGhJmUoVi6lRtWy7x_'
    expect(redactString(`POST /api/v1/projects/demo/manage/8f14e45f-ceea-467f-a0e6-2f1c2f0f6a11.${signature}/reschedule 409`))
      .toBe('POST /api/v1/projects/demo/manage/8f14e45f-ceea-467f-a0e6-2f1c2f0f6a11.[REDACTED]/reschedule 409')
    expect(redactString(`{"path":"/book/manage/8f14e45f-ceea-467f-a0e6-2f1c2f0f6a11.${signature}"}`))
      .toBe('{"path":"/book/manage/8f14e45f-ceea-467f-a0e6-2f1c2f0f6a11.[REDACTED]"}')
    expect(redactString(`/_preview/0e0825da-cc35-453c-aa85-47a0f66265ed.1796413739.${signature}`))
      .toBe('/_preview/0e0825da-cc35-453c-aa85-47a0f66265ed.1796413739.[REDACTED]')
    expect(redactString(`GET /invitations/${signature}?x=1`)).toBe('GET /invitations/[REDACTED]?x=1')
    expect(redactString(`/media/private/p/a/report.pdf?expires=1796413739&signature=${signature}`))
      .toBe('/media/private/p/a/report.pdf?expires=1796413739&signature=[REDACTED]')
  })

  it('leaves ids, slugs, asset names and stack frames in paths alone', () => {
    const harmless = [
      'GET /api/orgs/8f14e45f-ceea-467f-a0e6-2f1c2f0f6a11/projects/0e0825da-cc35-453c-aa85-47a0f66265ed/pages 200',
      '/blog/how-to-care-for-curly-hair-in-winter-2026',
      '/_nuxt/BkW3x9Q2mZp8Lr4tYu6vAb.js',
      'at file:///work/main/node_modules/.pnpm/nitropack@2.13.6_bare-buffer@3.7.1_drizzle-orm@0.45.4_61ead1b90644beca13cb3c9cc503f380/node_modules/nitropack/dist/index.mjs:10:3',
      '/work/main/packages/bookings/src/AvailabilityEngineForResources2.ts',
    ]
    for (const text of harmless) expect(redactString(text)).toBe(text)
  })

  it('leaves harmless text untouched', () => {
    const harmless = [
      'Booking 8f14e45f-ceea-467f-a0e6-2f1c2f0f6a11 confirmed for ana.lopez@example.com',
      'Starts 2026-03-14T09:30:00.000Z, ends 2026-03-14T10:30:00.000Z',
      'Invalid token: expired, please sign in again',
      'Order #100045 total 129.90 EUR, 3 items, tokens used: 1500',
      'GET /api/sites?page=2&sort=name&q=yoga 200 12ms',
      'https://flectar.example/booking/42?ref=newsletter',
      '',
    ]
    for (const text of harmless) expect(redactString(text)).toBe(text)
  })

  it('is idempotent', () => {
    const once = redactString('?token=abc password=x Bearer y postgres://u:p@h 4242424242424242')
    expect(redactString(once)).toBe(once)
  })
})

describe('passesLuhn', () => {
  it('accepts test card numbers and rejects near misses', () => {
    expect(passesLuhn('4242424242424242')).toBe(true)
    expect(passesLuhn('5555555555554444')).toBe(true)
    expect(passesLuhn('4242424242424241')).toBe(false)
    expect(passesLuhn('42424242')).toBe(false)
  })
})
