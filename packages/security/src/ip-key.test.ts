import { describe, expect, it } from 'vitest'
import { deriveIpKey, normaliseIp } from './ip-key'

const secret = 'test-secret-0123456789abcdef'

describe('normaliseIp', () => {
  it('trims and lowercases', () => {
    expect(normaliseIp('  203.0.113.7 \n')).toBe('203.0.113.7')
    expect(normaliseIp('2001:DB8::1')).toBe('2001:db8:0:0::/64')
  })

  it('strips the IPv4-mapped IPv6 prefix, in dotted and hex form', () => {
    expect(normaliseIp('::ffff:1.2.3.4')).toBe('1.2.3.4')
    expect(normaliseIp('::FFFF:1.2.3.4')).toBe('1.2.3.4')
    expect(normaliseIp('::ffff:0102:0304')).toBe('1.2.3.4')
    expect(normaliseIp('0:0:0:0:0:ffff:1.2.3.4')).toBe('1.2.3.4')
  })

  it('reduces IPv6 to its /64 whatever the spelling', () => {
    expect(normaliseIp('2001:db8:abcd:12:1:2:3:4')).toBe('2001:db8:abcd:12::/64')
    expect(normaliseIp('2001:0db8:abcd:0012::ff')).toBe('2001:db8:abcd:12::/64')
    expect(normaliseIp('[2001:db8:abcd:12::1]')).toBe('2001:db8:abcd:12::/64')
    expect(normaliseIp('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(normaliseIp('::1')).toBe('0:0:0:0::/64')
  })

  it('passes non-addresses through trimmed, without throwing', () => {
    expect(normaliseIp(' Unknown ')).toBe('unknown')
    expect(normaliseIp('')).toBe('')
  })
})

describe('deriveIpKey', () => {
  it('is deterministic, 32 hex chars', () => {
    const key = deriveIpKey('203.0.113.7', secret)
    expect(key).toMatch(/^[0-9a-f]{32}$/)
    expect(deriveIpKey('203.0.113.7', secret)).toBe(key)
    expect(deriveIpKey(' 203.0.113.7 ', secret)).toBe(key)
  })

  it('changes with the secret', () => {
    expect(deriveIpKey('203.0.113.7', secret)).not.toBe(deriveIpKey('203.0.113.7', `${secret}-other`))
  })

  it('differs between addresses', () => {
    expect(deriveIpKey('203.0.113.7', secret)).not.toBe(deriveIpKey('203.0.113.8', secret))
  })

  it('treats an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(deriveIpKey('::ffff:203.0.113.7', secret)).toBe(deriveIpKey('203.0.113.7', secret))
  })

  it('shares one key across a /64 and separates different /64s', () => {
    const home = deriveIpKey('2001:db8:abcd:12::1', secret)
    expect(deriveIpKey('2001:db8:abcd:12:ffff:ffff:ffff:fffe', secret)).toBe(home)
    expect(deriveIpKey('2001:DB8:ABCD:0012:0:0:0:99', secret)).toBe(home)
    expect(deriveIpKey('2001:db8:abcd:13::1', secret)).not.toBe(home)
    expect(deriveIpKey('2001:db9:abcd:12::1', secret)).not.toBe(home)
  })

  it('never contains the raw IP or its prefix', () => {
    for (const ip of ['203.0.113.7', '2001:db8:abcd:12::1', '::ffff:10.0.0.1']) {
      const key = deriveIpKey(ip, secret)
      expect(key).not.toContain(ip)
      expect(key).not.toContain('2001')
      expect(key).not.toContain('203.0')
      expect(key).not.toContain('10.0.0.1')
    }
  })

  it('refuses a short or missing secret', () => {
    expect(() => deriveIpKey('203.0.113.7', '')).toThrow(/at least 16 characters/)
    expect(() => deriveIpKey('203.0.113.7', 'short')).toThrow(/at least 16 characters/)
  })
})
