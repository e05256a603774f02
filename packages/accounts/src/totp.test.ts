import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  computeTotp,
  generateTotpCode,
  generateTotpSecret,
  totpKeyUri,
  totpQrCodeSvg,
  totpStepAt,
  verifyTotp,
} from './totp'
import type { TotpAlgorithm } from './totp'

type TotpVectors = {
  secrets_ascii: Record<TotpAlgorithm, string>
  cases: Array<{ time: number } & Record<TotpAlgorithm, string>>
}

// RFC 6238 Appendix B, copied into the repository (the file names its source).
const vectorsFile = path.join(import.meta.dirname, 'fixtures/rfc6238-totp-vectors.json')
const vectors = JSON.parse(readFileSync(vectorsFile, 'utf8')) as TotpVectors
const algorithms: TotpAlgorithm[] = ['sha1', 'sha256', 'sha512']
const rfcCases = vectors.cases.flatMap(c => algorithms.map(algorithm => ({ time: c.time, algorithm, expected: c[algorithm] })))

describe('computeTotp against RFC 6238 Appendix B', () => {
  it('has all 18 published vectors (6 times x 3 algorithms)', () => {
    expect(rfcCases).toHaveLength(18)
  })

  it.each(rfcCases)('$algorithm at T=$time -> $expected', async ({ time, algorithm, expected }) => {
    const secret = new TextEncoder().encode(vectors.secrets_ascii[algorithm])
    expect(await computeTotp({ secret, timeSeconds: time, digits: 8, algorithm })).toBe(expected)
  })
})

describe('verifyTotp', () => {
  const secret = generateTotpSecret()
  // Mid-step, so ±1 step and ±2 steps are unambiguous.
  const now = Date.UTC(2026, 10, 22, 12, 0, 15)
  const step = totpStepAt(now)
  const at = (offsetSteps: number) => now + offsetSteps * 30_000

  it('generates a base32 secret of at least 160 bits', () => {
    expect(secret).toMatch(/^[A-Z2-7]+=*$/)
    expect(secret.replace(/=+$/, '').length * 5).toBeGreaterThanOrEqual(160)
    expect(generateTotpSecret()).not.toBe(secret)
  })

  it('computes the step as floor(epochSeconds / 30)', () => {
    expect(step).toBe(Math.floor(Math.floor(now / 1000) / 30))
    expect(totpStepAt(59_999)).toBe(1)
    expect(totpStepAt(60_000)).toBe(2)
  })

  it('accepts the current code and returns its step', async () => {
    const code = await generateTotpCode({ secret, now })
    expect(code).toMatch(/^\d{6}$/)
    expect(await verifyTotp({ secret, code, lastStep: null, now })).toEqual({ ok: true, step })
  })

  it('accepts a code with spaces in it', async () => {
    const code = await generateTotpCode({ secret, now })
    const spaced = ` ${code.slice(0, 3)} ${code.slice(3)} `
    expect(await verifyTotp({ secret, code: spaced, now })).toEqual({ ok: true, step })
  })

  it('accepts codes from the previous and the next step (clock drift)', async () => {
    const previous = await generateTotpCode({ secret, now: at(-1) })
    const next = await generateTotpCode({ secret, now: at(1) })
    expect(await verifyTotp({ secret, code: previous, now })).toEqual({ ok: true, step: step - 1 })
    expect(await verifyTotp({ secret, code: next, now })).toEqual({ ok: true, step: step + 1 })
  })

  it('rejects codes two steps away', async () => {
    for (const offset of [-2, 2]) {
      const code = await generateTotpCode({ secret, now: at(offset) })
      expect(await verifyTotp({ secret, code, now })).toEqual({ ok: false, reason: 'invalid' })
    }
  })

  it('rejects a code generated for another secret', async () => {
    const code = await generateTotpCode({ secret: generateTotpSecret(), now })
    expect(await verifyTotp({ secret, code, now })).toEqual({ ok: false, reason: 'invalid' })
  })

  it('accepts a code once: the same code again is a replay', async () => {
    const code = await generateTotpCode({ secret, now })
    const first = await verifyTotp({ secret, code, lastStep: step - 1, now })
    expect(first).toEqual({ ok: true, step })
    if (!first.ok) return
    expect(await verifyTotp({ secret, code, lastStep: first.step, now })).toEqual({ ok: false, reason: 'replayed' })
    // ...also a few seconds later, still within the drift window.
    expect(await verifyTotp({ secret, code, lastStep: first.step, now: now + 20_000 })).toEqual({ ok: false, reason: 'replayed' })
  })

  it('rejects an older in-window code after a newer one was accepted', async () => {
    const newer = await generateTotpCode({ secret, now: at(1) })
    const older = await generateTotpCode({ secret, now })
    const accepted = await verifyTotp({ secret, code: newer, lastStep: null, now })
    expect(accepted).toEqual({ ok: true, step: step + 1 })
    if (!accepted.ok) return
    expect(await verifyTotp({ secret, code: older, lastStep: accepted.step, now })).toEqual({ ok: false, reason: 'replayed' })
    // A wrong code is still reported as invalid, not as a replay.
    const wrong = await generateTotpCode({ secret, now: at(5) })
    expect(await verifyTotp({ secret, code: wrong, lastStep: accepted.step, now })).toEqual({ ok: false, reason: 'invalid' })
  })

  it('accepts the next step\'s code after the current one was used', async () => {
    const next = await generateTotpCode({ secret, now: at(1) })
    expect(await verifyTotp({ secret, code: next, lastStep: step, now })).toEqual({ ok: true, step: step + 1 })
  })

  it('treats a lastStep beyond the window as "everything here was used"', async () => {
    const code = await generateTotpCode({ secret, now })
    expect(await verifyTotp({ secret, code, lastStep: step + 5, now })).toEqual({ ok: false, reason: 'replayed' })
  })

  it('rejects a corrupt lastStep loudly', async () => {
    const code = await generateTotpCode({ secret, now })
    await expect(verifyTotp({ secret, code, lastStep: -1, now })).rejects.toThrow(RangeError)
    await expect(verifyTotp({ secret, code, lastStep: 1.5, now })).rejects.toThrow(RangeError)
  })

  it.each(['12345', 'abcdef', '', '1234567', '12345a', '１２３４５６'])('rejects %j as malformed', async (code) => {
    expect(await verifyTotp({ secret, code, now })).toEqual({ ok: false, reason: 'malformed' })
  })
})

describe('enrolment', () => {
  it('builds an otpauth:// URI with issuer, account and secret', () => {
    const secret = generateTotpSecret()
    const uri = totpKeyUri({ secret, accountName: 'ana@example.com' })
    expect(uri.startsWith('otpauth://totp/')).toBe(true)
    const url = new URL(uri)
    expect(decodeURIComponent(url.pathname)).toBe('/Flectar Base:ana@example.com')
    expect(url.searchParams.get('secret')).toBe(secret)
    expect(url.searchParams.get('issuer')).toBe('Flectar Base')
    // sha1 / 6 digits / 30 s are the defaults, so authenticator apps need no extra parameters.
    expect(url.searchParams.get('algorithm') ?? 'SHA1').toBe('SHA1')
    expect(url.searchParams.get('digits') ?? '6').toBe('6')
    expect(url.searchParams.get('period') ?? '30').toBe('30')
  })

  it('uses a custom issuer when given', () => {
    const uri = totpKeyUri({ secret: generateTotpSecret(), accountName: 'ana@example.com', issuer: 'Acme Clinic' })
    expect(new URL(uri).searchParams.get('issuer')).toBe('Acme Clinic')
  })

  it('renders the URI as an SVG QR code', async () => {
    const svg = await totpQrCodeSvg(totpKeyUri({ secret: generateTotpSecret(), accountName: 'ana@example.com' }))
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
  })
})
