import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { authTokens, type DbOrTx } from '@flectar/db'
import { GoneError } from '@flectar/errors'
import { generateToken, hashToken } from '@flectar/security'
import { TOKEN_TTL_MS } from './context'

type Purpose = keyof typeof TOKEN_TTL_MS

/** Creates a single-use token (only its hash is stored) and returns the raw value to send. */
export async function issueAuthToken(db: DbOrTx, input: { purpose: Purpose, userId: string, email: string }): Promise<string> {
  const token = generateToken()
  await db.insert(authTokens).values({
    purpose: input.purpose,
    userId: input.userId,
    email: input.email,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + TOKEN_TTL_MS[input.purpose]),
  })
  return token
}

/**
 * Marks a token used and returns its row, in one statement so two clicks cannot both
 * succeed. Expired, used or unknown tokens all answer 410 with the same message.
 */
export async function consumeAuthToken(db: DbOrTx, purpose: Purpose, token: string) {
  const [row] = await db.update(authTokens)
    .set({ usedAt: sql`now()` })
    .where(and(
      eq(authTokens.tokenHash, hashToken(token)),
      eq(authTokens.purpose, purpose),
      isNull(authTokens.usedAt),
      gt(authTokens.expiresAt, sql`now()`),
    ))
    .returning()
  if (!row) throw new GoneError('This link has expired or was already used. Request a new one.', 'link_expired')
  return row
}

/** Invalidates every open token of a purpose for a user (e.g. older reset links after a reset). */
export async function revokeAuthTokens(db: DbOrTx, userId: string, purpose: Purpose): Promise<void> {
  await db.update(authTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)))
}
