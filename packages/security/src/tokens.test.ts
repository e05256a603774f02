import { describe, expect, it } from 'vitest'
import { generateToken, hashToken, safeEqual } from './tokens'

describe('generateToken', () => {
  it('returns 32 random bytes as base64url without padding by default', () => {
    const token = generateToken()
    expect(token).toMatch(/^[\w-]{43}$/)
    expect(Buffer.from(token, 'base64url')).toHaveLength(32)
  })

  it('never repeats', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateToken()))
    expect(tokens.size).toBe(200)
  })

  it('honours a larger size', () => {
    expect(Buffer.from(generateToken(48), 'base64url')).toHaveLength(48)
  })

  it('refuses anything under 128 bits or not a whole number of bytes', () => {
    expect(() => generateToken(15)).toThrow(RangeError)
    expect(() => generateToken(0)).toThrow(RangeError)
    expect(() => generateToken(20.5)).toThrow(RangeError)
    expect(() => generateToken(Number.NaN)).toThrow(RangeError)
    expect(Buffer.from(generateToken(16), 'base64url')).toHaveLength(16)
  })
})

describe('hashToken', () => {
  it('is SHA-256 hex and deterministic', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    const token = generateToken()
    expect(hashToken(token)).toBe(hashToken(token))
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashToken(token)).not.toContain(token)
  })

  it('differs for different tokens', () => {
    expect(hashToken('token-a')).not.toBe(hashToken('token-b'))
  })
})

describe('safeEqual', () => {
  it('is true only for identical strings', () => {
    expect(safeEqual('secret-value', 'secret-value')).toBe(true)
    expect(safeEqual('secret-value', 'secret-valuf')).toBe(false)
    expect(safeEqual('', '')).toBe(true)
  })

  it('returns false rather than throwing for different lengths', () => {
    expect(safeEqual('short', 'much longer value')).toBe(false)
    expect(safeEqual('', 'x')).toBe(false)
  })

  it('compares unicode by content, not by UTF-16 length', () => {
    expect(safeEqual('café', 'café')).toBe(true)
    expect(safeEqual('café', 'cafe')).toBe(false)
  })
})
