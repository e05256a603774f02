import { describe, expect, it } from 'vitest'
import { platformSenderAddress } from './platform-sender-address'

describe('platformSenderAddress', () => {
  it('is the bare address of EMAIL_FROM, or of the default sender', () => {
    expect(platformSenderAddress({ EMAIL_FROM: 'Acme Bookings <bookings@acme.test>' })).toBe('bookings@acme.test')
    expect(platformSenderAddress({ EMAIL_FROM: ' hi@acme.test ' })).toBe('hi@acme.test')
    expect(platformSenderAddress({ EMAIL_FROM: '' })).toBe('no-reply@flectar.localhost')
    expect(platformSenderAddress({})).toBe('no-reply@flectar.localhost')
  })
})
