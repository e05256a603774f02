import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from './password'

describe('password hashing', () => {
  it('stores argon2id with a fresh salt and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery staple')
    const second = await hashPassword('correct horse battery staple')
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(first).not.toBe(second)
    expect(await verifyPassword(first, 'correct horse battery staple')).toBe(true)
    expect(await verifyPassword(first, 'Correct horse battery staple')).toBe(false)
  })

  it('treats a malformed stored hash as a failed check, not an error', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false)
  })
})
