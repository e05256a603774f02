import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane.
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

/** A memory-hard argon2id hash in PHC string form (salt and parameters included). */
export async function hashPassword(password: string): Promise<string> {
  return await hash(password, ARGON2ID)
}

/** Constant-time check of `password` against a stored PHC hash; false for a malformed hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password)
  }
  catch {
    return false
  }
}
