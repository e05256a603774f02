import { describe, expect, it } from 'vitest'
import { clientAddress } from './client-address'

describe('clientAddress', () => {
  it('is the socket peer without a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(clientAddress({ socketAddress: '127.0.0.2', forwardedFor: '203.0.113.9', trustProxy: false })).toBe('127.0.0.2')
    expect(clientAddress({ socketAddress: '::ffff:10.0.0.7', trustProxy: false })).toBe('::ffff:10.0.0.7')
  })

  it('asks the local proxy when the socket has no address (a Unix socket, the dev server)', () => {
    expect(clientAddress({ socketAddress: undefined, forwardedFor: '127.0.0.3', trustProxy: false })).toBe('127.0.0.3')
    expect(clientAddress({ socketAddress: '', forwardedFor: ['10.1.1.1, 127.0.0.3'], trustProxy: false })).toBe('127.0.0.3')
  })

  it('takes the entry a trusted proxy appended, not what the client put before it', () => {
    expect(clientAddress({ socketAddress: '10.0.0.1', forwardedFor: '6.6.6.6, 198.51.100.4', trustProxy: true })).toBe('198.51.100.4')
    expect(clientAddress({ socketAddress: '10.0.0.1', forwardedFor: ['6.6.6.6', '198.51.100.5'], trustProxy: true })).toBe('198.51.100.5')
    expect(clientAddress({ socketAddress: '10.0.0.1', forwardedFor: ' , ', trustProxy: true })).toBe('10.0.0.1')
  })

  it('is one shared "unknown" when nothing says where the request came from', () => {
    expect(clientAddress({ trustProxy: false })).toBe('unknown')
    expect(clientAddress({ trustProxy: true })).toBe('unknown')
  })
})
