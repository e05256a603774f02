import { describe, expect, it } from 'vitest'
import { signId, verifySignedId } from './signed-id'

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e'

describe('signId / verifySignedId', () => {
  it('opens the id it was made for, with the same secret and purpose only', () => {
    const token = signId('secret-one', 'booking-manage', ID)
    expect(token.startsWith(`${ID}.`)).toBe(true)
    expect(verifySignedId('secret-one', 'booking-manage', token)).toBe(ID)
    expect(verifySignedId('secret-two', 'booking-manage', token)).toBeUndefined()
    // A booking's link does not open a subscription with the same id.
    expect(verifySignedId('secret-one', 'subscription-manage', token)).toBeUndefined()
  })

  it('refuses tampered or malformed tokens', () => {
    const token = signId('secret-one', 'booking-manage', ID)
    const other = '1f8fad5b-d9cb-469f-a165-70867728950e'
    expect(verifySignedId('secret-one', 'booking-manage', token.replace(ID, other))).toBeUndefined()
    expect(verifySignedId('secret-one', 'booking-manage', `${token}x`)).toBeUndefined()
    expect(verifySignedId('secret-one', 'booking-manage', `${token}.extra`)).toBeUndefined()
    expect(verifySignedId('secret-one', 'booking-manage', 'not-a-uuid.abc')).toBeUndefined()
    expect(verifySignedId('secret-one', 'booking-manage', '')).toBeUndefined()
  })
})
