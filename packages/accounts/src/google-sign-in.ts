import { createPublicKey, type JsonWebKey } from 'node:crypto'
import { and, eq, isNotNull, isNull, or, sql } from 'drizzle-orm'
import { CodeChallengeMethod, OAuth2Client, type TokenPayload } from 'google-auth-library'
import { users, type Db } from '@flectar/db'
import { AppError, ConflictError, ForbiddenError, UnauthorizedError } from '@flectar/errors'
import { decryptSecret, encryptSecret, generateToken, safeEqual } from '@flectar/security'
import { sendGoogleLinkedEmail } from './account-emails'
import { emailSchema } from './schemas'
import { recordAuditEvent } from './audit'
import { confirmEmailAddress } from './confirm-email-address'
import { normalizeEmail, type AccountsEnv, type RequestContext } from './context'
import { createOrganization } from './orgs'
import { completeFirstFactor, findUserByEmail, type SignInResult } from './sign-in'

/** Where Google (or, in tests, another OpenID provider) lives, and who we are to it. */
export interface GoogleSignInConfig {
  clientId: string
  clientSecret: string
  /** The admin app's callback, registered with Google: `<ADMIN_URL>/api/auth/google/callback`. */
  redirectUri: string
  issuer: string
  authUrl: string
  tokenUrl: string
  jwksUrl: string
}

/** What the browser must bring back: `state` is compared, `codeVerifier` and `nonce` are used. */
export interface GoogleAuthRequest {
  url: string
  state: string
  codeVerifier: string
  nonce: string
}

export const GOOGLE_SCOPES = ['openid', 'email', 'profile']
const GOOGLE_ISSUER = 'https://accounts.google.com'
// Google signs ID tokens with RS256; nothing else is accepted.
const ID_TOKEN_ALGORITHM = 'RS256'
const JWKS_DEFAULT_TTL_MS = 60 * 60 * 1000

type User = typeof users.$inferSelect

interface GoogleIdentity {
  subject: string
  email: string
  emailVerified: boolean
  givenName: string
  familyName: string
  name: string
}

function createClient(config: GoogleSignInConfig) {
  return new OAuth2Client({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri: config.redirectUri,
    endpoints: {
      oauth2AuthBaseUrl: config.authUrl,
      oauth2TokenUrl: config.tokenUrl,
      oauth2FederatedSignonJwkCertsUrl: config.jwksUrl,
    },
    // Google writes its issuer with and without the scheme.
    issuers: config.issuer === GOOGLE_ISSUER ? [GOOGLE_ISSUER, 'accounts.google.com'] : [config.issuer],
  })
}

/** Starts a sign-in: the URL to send the browser to, with fresh `state`, `nonce` and PKCE (S256). */
export async function createGoogleAuthRequest(config: GoogleSignInConfig): Promise<GoogleAuthRequest> {
  const client = createClient(config)
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync()
  if (!codeChallenge) throw new Error('google-auth-library returned no PKCE code challenge')
  const state = generateToken(32)
  const nonce = generateToken(32)
  const url = client.generateAuthUrl({
    scope: GOOGLE_SCOPES,
    state,
    nonce,
    code_challenge: codeChallenge,
    code_challenge_method: CodeChallengeMethod.S256,
  })
  return { url, state, codeVerifier, nonce }
}

/** How long a started Google sign-in may take before the browser comes back. */
export const GOOGLE_REQUEST_TTL_MS = 10 * 60 * 1000

/** The pending request, encrypted with the key ring, for a short-lived cookie. */
export function sealGoogleAuthRequest(env: AccountsEnv, request: GoogleAuthRequest): string {
  const { state, codeVerifier, nonce } = request
  return encryptSecret(env.keyRing, JSON.stringify({ state, codeVerifier, nonce, expiresAt: Date.now() + GOOGLE_REQUEST_TTL_MS }))
}

/**
 * Opens the sealed request and checks the `state` Google sent back against it (in constant
 * time). A missing, forged, expired or mismatched one answers 401 `google_state`.
 */
export function openGoogleAuthRequest(env: AccountsEnv, sealed: string | undefined, state: string | undefined): { codeVerifier: string, nonce: string } {
  const mismatch = new UnauthorizedError('This Google sign-in expired or was started elsewhere. Start again.', 'google_state')
  if (!sealed || !state) throw mismatch
  let pending: { state?: unknown, codeVerifier?: unknown, nonce?: unknown, expiresAt?: unknown }
  try {
    pending = JSON.parse(decryptSecret(env.keyRing, sealed)) as typeof pending
  }
  catch {
    throw mismatch
  }
  const { codeVerifier, nonce, expiresAt } = pending
  if (typeof pending.state !== 'string' || typeof codeVerifier !== 'string' || typeof nonce !== 'string' || typeof expiresAt !== 'number') throw mismatch
  if (!safeEqual(pending.state, state) || expiresAt < Date.now()) throw mismatch
  return { codeVerifier, nonce }
}

const failed = () => new UnauthorizedError('Google sign-in did not complete. Try again.', 'google_failed')
const invalidToken = () => new UnauthorizedError('Google sign-in could not be verified. Try again.', 'google_invalid_token')

interface CachedKeys { pems: Record<string, string>, expiresAt: number }
const signingKeyCache = new Map<string, CachedKeys>()

/**
 * The provider's RSA signing keys as PEM by key id, from its JWKS (cached as long as its
 * Cache-Control allows, fetched again when a token names a key id we do not know yet).
 */
async function signingKeys(jwksUrl: string, kid: string): Promise<Record<string, string>> {
  const cached = signingKeyCache.get(jwksUrl)
  if (cached && cached.expiresAt > Date.now() && Object.hasOwn(cached.pems, kid)) return cached.pems
  let response: Response
  try {
    response = await fetch(jwksUrl, { signal: AbortSignal.timeout(10_000) })
  }
  catch {
    throw new AppError('upstream_failed', 'google_unavailable', 'Google did not answer. Try again in a moment.')
  }
  if (!response.ok) throw new AppError('upstream_failed', 'google_unavailable', 'Google did not answer. Try again in a moment.')
  const body = await response.json().catch(() => undefined) as { keys?: unknown } | undefined
  // No prototype: a key id such as `__proto__` is just a key id.
  const pems = Object.create(null) as Record<string, string>
  for (const key of Array.isArray(body?.keys) ? body.keys as Array<JsonWebKey & { kid?: unknown, use?: unknown }> : []) {
    if (key.kty !== 'RSA' || typeof key.kid !== 'string' || (key.use !== undefined && key.use !== 'sig')) continue
    try {
      pems[key.kid] = createPublicKey({ key, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString()
    }
    catch {
      // A key we cannot read cannot have signed a token we accept.
    }
  }
  const maxAge = /max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1]
  signingKeyCache.set(jwksUrl, { pems, expiresAt: Date.now() + (maxAge ? Number(maxAge) * 1000 : JWKS_DEFAULT_TTL_MS) })
  return pems
}

function decodeHeader(jwt: string): { alg?: unknown, kid?: unknown } {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown, kid?: unknown }
  }
  catch {
    return {}
  }
}

/**
 * Exchanges the code (with the PKCE verifier) for tokens and verifies the ID token: RS256
 * signature against the provider's JWKS, `iss`, `aud` = our client id, `iat`/`exp`, and
 * the `nonce` of this sign-in. Error messages never carry the token or the provider's answer.
 */
async function fetchGoogleIdentity(config: GoogleSignInConfig, input: { code: string, codeVerifier: string, nonce: string }): Promise<GoogleIdentity> {
  const client = createClient(config)
  let idToken: string | null | undefined
  try {
    const { tokens } = await client.getToken({ code: input.code, codeVerifier: input.codeVerifier })
    idToken = tokens.id_token
  }
  catch (error) {
    const status = (error as { response?: { status?: number } }).response?.status
    if (status && status >= 400 && status < 500) throw failed()
    throw new AppError('upstream_failed', 'google_unavailable', 'Google did not answer. Try again in a moment.')
  }
  if (!idToken) throw invalidToken()

  const header = decodeHeader(idToken)
  if (header.alg !== ID_TOKEN_ALGORITHM || typeof header.kid !== 'string') throw invalidToken()
  const pems = await signingKeys(config.jwksUrl, header.kid)
  let payload: TokenPayload | undefined
  try {
    const ticket = await client.verifySignedJwtWithCertsAsync(idToken, pems, config.clientId, client.issuers)
    payload = ticket.getPayload()
  }
  catch {
    throw invalidToken()
  }
  if (!payload?.sub || typeof payload.nonce !== 'string' || !safeEqual(payload.nonce, input.nonce)) throw invalidToken()
  if (!emailSchema.safeParse(payload.email).success) {
    throw new UnauthorizedError('Google did not share your email address, which Flectar Base needs. Try again and allow it.', 'google_no_email')
  }
  return {
    subject: payload.sub,
    email: normalizeEmail(payload.email!),
    // Only a real `true` counts: a missing or odd value is not a verified address.
    emailVerified: payload.email_verified === true,
    givenName: (payload.given_name ?? '').trim().slice(0, 100),
    familyName: (payload.family_name ?? '').trim().slice(0, 100),
    name: (payload.name ?? '').trim().slice(0, 100),
  }
}

async function findUserByGoogleSubject(db: Db, subject: string): Promise<User | undefined> {
  const [user] = await db.select().from(users)
    .where(and(eq(users.googleSubject, subject), isNull(users.deletedAt)))
    .limit(1)
  return user
}

const retry = () => new ConflictError('Your account changed while you were signing in. Try again.', 'google_conflict')

/**
 * Links Google to an existing account, only on Google's word that it verified the address.
 * An account whose own email was never verified may have been registered by someone else
 * with this address: linking confirms the address (`confirmEmailAddress`), which drops its
 * password and sessions so only the address's real owner keeps access.
 */
async function linkGoogleAccount(db: Db, env: AccountsEnv, context: RequestContext, user: User, identity: GoogleIdentity): Promise<SignInResult> {
  if (!identity.emailVerified) {
    await recordAuditEvent(db, context, { action: 'auth.sign_in_failed', actorUserId: user.id, metadata: { method: 'google', reason: 'email_unverified' } })
    throw new ConflictError(
      'An account with this email exists, and Google has not verified that this address is yours. Sign in with your password or an emailed link instead.',
      'google_email_unverified_existing',
    )
  }
  if (user.googleSubject) {
    await recordAuditEvent(db, context, { action: 'auth.sign_in_failed', actorUserId: user.id, metadata: { method: 'google', reason: 'other_google_account' } })
    throw new ConflictError('This account is linked to a different Google account. Sign in with that one, or with your password.', 'google_account_mismatch')
  }
  return await db.transaction(async (tx) => {
    const [linked] = await tx.update(users)
      .set({ googleSubject: identity.subject, updatedAt: sql`now()` })
      .where(and(eq(users.id, user.id), isNull(users.googleSubject), isNull(users.deletedAt), sql`lower(${users.email}) = ${identity.email}`))
      .returning()
    if (!linked) throw retry()
    const confirmed = await confirmEmailAddress(tx, context, { userId: linked.id, proof: 'google' })
    if (!confirmed) throw retry()
    await recordAuditEvent(tx, context, { action: 'auth.google_linked', actorUserId: linked.id, metadata: { emailWasVerified: linked.emailVerifiedAt !== null } })
    await sendGoogleLinkedEmail(tx, env, linked.email)
    return await completeFirstFactor(tx, context, confirmed, 'google')
  })
}

/** A new verified account, without a password, owning a new org named after the person. */
async function createGoogleAccount(db: Db, context: RequestContext, identity: GoogleIdentity): Promise<SignInResult> {
  if (!identity.emailVerified) {
    throw new ForbiddenError('Google has not verified the email address of this Google account, so it cannot be used to create an account. Verify it with Google, or sign up with email and password.', 'google_email_unverified')
  }
  const name = identity.givenName || identity.name || identity.email.split('@')[0]!
  return await db.transaction(async (tx) => {
    const [user] = await tx.insert(users)
      .values({ email: identity.email, name, surname: identity.familyName, googleSubject: identity.subject, emailVerifiedAt: sql`now()` })
      .onConflictDoNothing()
      .returning()
    if (!user) {
      // A deleted account keeps its address and Google subject until it is purged.
      const [deleted] = await tx.select({ id: users.id }).from(users)
        .where(and(isNotNull(users.deletedAt), or(eq(users.googleSubject, identity.subject), sql`lower(${users.email}) = ${identity.email}`)))
        .limit(1)
      if (deleted) throw new ConflictError('The account with this email address was deleted. The address can be used again once the deletion is final.', 'google_account_deleted')
      throw retry()
    }
    await createOrganization(tx, context, { name: `${name}'s business`.slice(0, 100), ownerId: user.id })
    await recordAuditEvent(tx, context, { action: 'auth.sign_up', actorUserId: user.id, metadata: { method: 'google' } })
    return await completeFirstFactor(tx, context, user, 'google')
  })
}

/**
 * Finishes a Google sign-in from the callback's `code`, with the `codeVerifier` and `nonce`
 * kept since `createGoogleAuthRequest` (the caller has already matched `state`):
 * (a) the account with this Google subject signs in; (b) else an account with the same
 * email is linked, only if Google verified the address; (c) else, with a verified address,
 * a new account and org are created. Two-factor authentication still applies.
 */
export async function completeGoogleSignIn(db: Db, env: AccountsEnv, context: RequestContext, config: GoogleSignInConfig, input: { code: string, codeVerifier: string, nonce: string }): Promise<SignInResult> {
  const identity = await fetchGoogleIdentity(config, input)
  const returning = await findUserByGoogleSubject(db, identity.subject)
  if (returning) return await db.transaction(tx => completeFirstFactor(tx, context, returning, 'google'))
  const existing = await findUserByEmail(db, identity.email)
  if (existing) return await linkGoogleAccount(db, env, context, existing, identity)
  return await createGoogleAccount(db, context, identity)
}
