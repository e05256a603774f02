import { describe, expect, it } from 'vitest'
import {
  RECOVERY_CODE_BITS,
  generateRecoveryCodes,
  hashRecoveryCode,
  isRecoveryCodeFormat,
  normalizeRecoveryCode,
} from './recovery-codes'

const FORMAT = /^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/

describe('generateRecoveryCodes', () => {
  it('makes 10 codes by default, or the count asked for', () => {
    expect(generateRecoveryCodes()).toHaveLength(10)
    expect(generateRecoveryCodes(3)).toHaveLength(3)
    expect(generateRecoveryCodes(1)).toHaveLength(1)
  })

  it('uses the xxxxx-xxxxx format from the unambiguous lowercase alphabet', () => {
    for (const code of generateRecoveryCodes(200)) {
      expect(code).toMatch(FORMAT)
      expect(code).not.toMatch(/[0o1li]/)
      expect(isRecoveryCodeFormat(code)).toBe(true)
      expect(normalizeRecoveryCode(code)).toBe(code)
    }
  })

  it('uses the whole 31-character alphabet', () => {
    const seen = new Set(generateRecoveryCodes(500).join('').replaceAll('-', ''))
    expect(seen.size).toBe(31)
  })

  it('has about 49.5 bits per code (10 characters x log2(31))', () => {
    expect(RECOVERY_CODE_BITS).toBeCloseTo(10 * Math.log2(31), 10)
    expect(RECOVERY_CODE_BITS).toBeGreaterThan(49.5)
  })

  it('never repeats within a set or across many generations', () => {
    const all: string[] = []
    for (let i = 0; i < 1000; i++) {
      const set = generateRecoveryCodes()
      expect(new Set(set).size).toBe(set.length)
      all.push(...set)
    }
    expect(new Set(all).size).toBe(all.length)
  })

  it('rejects a nonsensical count', () => {
    expect(() => generateRecoveryCodes(0)).toThrow(RangeError)
    expect(() => generateRecoveryCodes(-1)).toThrow(RangeError)
    expect(() => generateRecoveryCodes(2.5)).toThrow(RangeError)
    expect(() => generateRecoveryCodes(10_001)).toThrow(RangeError)
  })
})

describe('normalizeRecoveryCode', () => {
  it('lowercases, strips spaces and accepts the code with or without the dash', () => {
    const expected = 'abcde-fghjk'
    expect(normalizeRecoveryCode('ABCDE FGHJK')).toBe(expected)
    expect(normalizeRecoveryCode('abcdefghjk')).toBe(expected)
    expect(normalizeRecoveryCode(' abcde-fghjk ')).toBe(expected)
    expect(normalizeRecoveryCode('\tAbCdE - fGhJk\n')).toBe(expected)
  })

  it('maps nothing else (look-alikes stay as typed)', () => {
    expect(normalizeRecoveryCode('abcd0-fghj1')).toBe('abcd0-fghj1')
    expect(normalizeRecoveryCode('ABCDO FGHJL')).toBe('abcdo-fghjl')
    expect(isRecoveryCodeFormat(normalizeRecoveryCode('abcdo-fghjl'))).toBe(false)
  })

  it('leaves wrong-length input alone apart from case and spaces', () => {
    expect(normalizeRecoveryCode('abc def')).toBe('abcdef')
    expect(normalizeRecoveryCode('abc-defghjk')).toBe('abc-defghjk')
  })
})

describe('hashRecoveryCode', () => {
  it('is SHA-256 hex of the normalised code, the same for every spelling', () => {
    const hash = hashRecoveryCode('abcde-fghjk')
    expect(hash).toBe('f43fe8875771ca2cb43a28612878e3569ceac3b56c1d88bd558122e69097db18')
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(hashRecoveryCode('ABCDE FGHJK')).toBe(hash)
    expect(hashRecoveryCode('abcdefghjk')).toBe(hash)
    expect(hashRecoveryCode(' abcde-fghjk ')).toBe(hash)
  })

  it('differs across codes', () => {
    const codes = generateRecoveryCodes(50)
    expect(new Set(codes.map(hashRecoveryCode)).size).toBe(50)
    expect(hashRecoveryCode('abcde-fghjk')).not.toBe(hashRecoveryCode('abcde-fghjm'))
  })
})
