import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, memberships, organizations, outboxMessages, users } from '@flectar/db'
import { completeGoogleSignIn, createGoogleAuthRequest, openGoogleAuthRequest, sealGoogleAuthRequest, type GoogleSignInConfig } from './google-sign-in'
import { validateSession } from './sessions'
import { deleteAccount } from './delete-account'
import { signUp } from './sign-up'
import { confirmTotpEnrolment, startTotpEnrolment } from './two-factor'
import { generateTotpCode } from './totp'
import { createAccountsFixture } from './test-support'
import { startTestGoogleProvider, type TestGoogleAccount } from './test-google-provider'

describe('Google sign-in against a real OpenID provider', () => {
  let fixture: Awaited<ReturnType<typeof createAccountsFixture>>
  let google: Awaited<ReturnType<typeof startTestGoogleProvider>>

  beforeAll(async () => {
    fixture = await createAccountsFixture()
    google = await startTestGoogleProvider()
  })
  afterAll(async () => {
    await google?.close()
    await fixture?.drop()
  })

  /** The whole round trip as the admin app makes it: start, the browser at "Google", the callback. */
  async function signInWithGoogle(account: TestGoogleAccount, config: GoogleSignInConfig = google.config) {
    google.setAccount(account)
    const request = await createGoogleAuthRequest(config)
    const sealed = sealGoogleAuthRequest(fixture.env, request)
    const callback = await google.authorize(request.url, account.sub)
    const { codeVerifier, nonce } = openGoogleAuthRequest(fixture.env, sealed, callback.searchParams.get('state') ?? undefined)
    return await completeGoogleSignIn(fixture.db, fixture.env, fixture.context, config, { code: callback.searchParams.get('code')!, codeVerifier, nonce })
  }

  const userByEmail = async (email: string) => await fixture.db.query.users.findFirst({ where: eq(users.email, email) })
  const auditEventsOf = async (action: string, userId: string) => (await fixture.db.select().from(auditEvents).where(eq(auditEvents.action, action)))
    .filter(event => event.actorUserId === userId)

  it('sends the browser to the provider with state, nonce, the openid scopes and a PKCE S256 challenge', async () => {
    const request = await createGoogleAuthRequest(google.config)
    const url = new URL(request.url)
    expect(url.origin + url.pathname).toBe(google.config.authUrl)
    expect(url.searchParams.get('client_id')).toBe(google.config.clientId)
    expect(url.searchParams.get('redirect_uri')).toBe(google.config.redirectUri)
    expect(url.searchParams.get('response_type')).toBe('code')
    expect(url.searchParams.get('scope')).toBe('openid email profile')
    expect(url.searchParams.get('state')).toBe(request.state)
    expect(url.searchParams.get('nonce')).toBe(request.nonce)
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(request.codeVerifier.length).toBeGreaterThanOrEqual(43)
    expect(Buffer.from(request.state, 'base64url').length).toBe(32)
    const other = await createGoogleAuthRequest(google.config)
    expect(other.state).not.toBe(request.state)
    expect(other.nonce).not.toBe(request.nonce)
  })

  it('creates a verified account without a password, owning a new org, for a new person with a verified email', async () => {
    const result = await signInWithGoogle({ sub: '1000001', email: 'Ana.Garcia@Example.com', email_verified: true, given_name: 'Ana', family_name: 'García', name: 'Ana García' })
    expect(result.status).toBe('signed_in')
    if (result.status !== 'signed_in') return
    const user = await userByEmail('ana.garcia@example.com')
    expect(user).toMatchObject({ googleSubject: '1000001', name: 'Ana', surname: 'García', passwordHash: null })
    expect(user?.emailVerifiedAt).toBeInstanceOf(Date)
    expect(result.userId).toBe(user?.id)
    const [membership] = await fixture.db.select({ role: memberships.role, name: organizations.name }).from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId)).where(eq(memberships.userId, user!.id))
    expect(membership).toEqual({ role: 'owner', name: 'Ana\'s business' })
    expect((await validateSession(fixture.db, result.sessionToken))?.user.id).toBe(user!.id)
    const events = await fixture.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, user!.id))
    expect(events.map(event => [event.action, event.metadata])).toEqual(expect.arrayContaining([
      ['auth.sign_up', { method: 'google' }],
      ['auth.sign_in', { method: 'google' }],
    ]))
  })

  it('signs a returning person in by their Google subject, even after their Google email changed', async () => {
    const result = await signInWithGoogle({ sub: '1000001', email: 'ana.new@example.com', email_verified: true, given_name: 'Ana' })
    expect(result.status).toBe('signed_in')
    const ana = await userByEmail('ana.garcia@example.com')
    if (result.status === 'signed_in') expect(result.userId).toBe(ana!.id)
    expect(await userByEmail('ana.new@example.com')).toBeUndefined()
    const [row] = await fixture.db.select({ n: count() }).from(users)
    expect(row?.n).toBe(1)
  })

  it('links an existing account with the same email when Google verified it, keeping its password', async () => {
    const owner = await fixture.createVerifiedUser('bruno@example.com', 'bruno password 1')
    const result = await signInWithGoogle({ sub: '1000002', email: 'bruno@example.com', email_verified: true, given_name: 'Bruno' })
    expect(result.status).toBe('signed_in')
    if (result.status === 'signed_in') expect(result.userId).toBe(owner.userId)
    const user = await userByEmail('bruno@example.com')
    expect(user?.googleSubject).toBe('1000002')
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/)
    expect((await validateSession(fixture.db, owner.sessionToken))?.user.id).toBe(owner.userId)
    expect(await auditEventsOf('auth.google_linked', owner.userId)).toHaveLength(1)
    const notice = await fixture.db.query.outboxMessages.findFirst({ where: eq(outboxMessages.template, 'auth.google_linked') })
    expect(notice?.to).toBe('bruno@example.com')
    // No second org: the account keeps the one it had.
    const [orgs] = await fixture.db.select({ n: count() }).from(memberships).where(eq(memberships.userId, owner.userId))
    expect(orgs?.n).toBe(1)
  })

  it('refuses to link when Google has not verified the email, and leaves the account untouched', async () => {
    const owner = await fixture.createVerifiedUser('carla@example.com', 'carla password 1')
    await expect(signInWithGoogle({ sub: '1000003', email: 'carla@example.com', email_verified: false }))
      .rejects.toMatchObject({ statusCode: 409, data: { code: 'google_email_unverified_existing' }, message: expect.stringContaining('An account with this email exists') })
    const user = await userByEmail('carla@example.com')
    expect(user?.googleSubject).toBeNull()
    expect(await auditEventsOf('auth.google_linked', owner.userId)).toEqual([])
    expect((await auditEventsOf('auth.sign_in_failed', owner.userId)).map(event => event.metadata)).toEqual([{ method: 'google', reason: 'email_unverified' }])
    // The same Google account, unverified, cannot then create a second account either.
    const [row] = await fixture.db.select({ n: count() }).from(users).where(eq(users.googleSubject, '1000003'))
    expect(row?.n).toBe(0)
  })

  it('refuses a Google account whose email is not verified when there is no account to sign in to', async () => {
    await expect(signInWithGoogle({ sub: '1000004', email: 'dario@example.com', email_verified: false, given_name: 'Darío' }))
      .rejects.toMatchObject({ statusCode: 403, data: { code: 'google_email_unverified' } })
    expect(await userByEmail('dario@example.com')).toBeUndefined()
  })

  it('takes over a never-verified sign-up only by dropping its password and sessions (pre-registration cannot keep access)', async () => {
    await signUp(fixture.db, fixture.env, fixture.context, { email: 'elena@example.com', password: 'someone else s password', name: 'Mallory', surname: '', organizationName: 'Squatted' })
    const squatted = await userByEmail('elena@example.com')
    expect(squatted?.emailVerifiedAt).toBeNull()
    const result = await signInWithGoogle({ sub: '1000005', email: 'elena@example.com', email_verified: true, given_name: 'Elena' })
    expect(result.status).toBe('signed_in')
    const user = await userByEmail('elena@example.com')
    expect(user).toMatchObject({ id: squatted!.id, googleSubject: '1000005', passwordHash: null })
    expect(user?.emailVerifiedAt).toBeInstanceOf(Date)
    expect((await auditEventsOf('auth.google_linked', user!.id)).map(event => event.metadata)).toEqual([{ emailWasVerified: false }])
  })

  it('refuses to link an account already linked to a different Google account', async () => {
    await expect(signInWithGoogle({ sub: '1000099', email: 'bruno@example.com', email_verified: true }))
      .rejects.toMatchObject({ statusCode: 409, data: { code: 'google_account_mismatch' } })
    expect((await userByEmail('bruno@example.com'))?.googleSubject).toBe('1000002')
  })

  it('still asks for the second factor when the account has two-factor authentication', async () => {
    const bruno = (await userByEmail('bruno@example.com'))!
    const { secret } = await startTotpEnrolment(fixture.db, fixture.env, fixture.context, bruno.id)
    await confirmTotpEnrolment(fixture.db, fixture.env, fixture.context, bruno.id, await generateTotpCode({ secret }))
    const result = await signInWithGoogle({ sub: '1000002', email: 'bruno@example.com', email_verified: true })
    expect(result.status).toBe('two_factor_required')
    expect(result).not.toHaveProperty('sessionToken')
  })

  it('does not create a new account over a deleted one that still holds the address', async () => {
    const owner = await fixture.createVerifiedUser('jana@example.com', 'jana password 1')
    await deleteAccount(fixture.db, fixture.context, owner.userId, { password: 'jana password 1' })
    await expect(signInWithGoogle({ sub: '1000010', email: 'jana@example.com', email_verified: true }))
      .rejects.toMatchObject({ statusCode: 409, data: { code: 'google_account_deleted' } })
    const [row] = await fixture.db.select({ n: count() }).from(users).where(eq(users.email, 'jana@example.com'))
    expect(row?.n).toBe(1)
  })

  it('rejects an ID token whose nonce is not the one of this sign-in', async () => {
    const account = { sub: '1000006', email: 'fabio@example.com', email_verified: true }
    google.setAccount(account)
    const request = await createGoogleAuthRequest(google.config)
    const callback = await google.authorize(request.url, account.sub)
    await expect(completeGoogleSignIn(fixture.db, fixture.env, fixture.context, google.config, { code: callback.searchParams.get('code')!, codeVerifier: request.codeVerifier, nonce: 'a-nonce-of-another-sign-in' }))
      .rejects.toMatchObject({ statusCode: 401, data: { code: 'google_invalid_token' } })
    expect(await userByEmail('fabio@example.com')).toBeUndefined()
  })

  it('rejects a tampered, foreign, forged or expired state before anything is exchanged', async () => {
    const request = await createGoogleAuthRequest(google.config)
    const sealed = sealGoogleAuthRequest(fixture.env, request)
    expect(openGoogleAuthRequest(fixture.env, sealed, request.state)).toEqual({ codeVerifier: request.codeVerifier, nonce: request.nonce })
    const stateError = { statusCode: 401, data: { code: 'google_state' } }
    expect(() => openGoogleAuthRequest(fixture.env, sealed, `${request.state}x`)).toThrowError(expect.objectContaining(stateError))
    const foreign = await createGoogleAuthRequest(google.config)
    expect(() => openGoogleAuthRequest(fixture.env, sealed, foreign.state)).toThrowError(expect.objectContaining(stateError))
    expect(() => openGoogleAuthRequest(fixture.env, undefined, request.state)).toThrowError(expect.objectContaining(stateError))
    expect(() => openGoogleAuthRequest(fixture.env, sealed, undefined)).toThrowError(expect.objectContaining(stateError))
    const parts = sealed.split('.')
    parts[3] = `${parts[3]!.slice(0, -2)}AA`
    expect(() => openGoogleAuthRequest(fixture.env, parts.join('.'), request.state)).toThrowError(expect.objectContaining(stateError))
    const realNow = Date.now
    try {
      Date.now = () => realNow() + 11 * 60 * 1000
      expect(() => openGoogleAuthRequest(fixture.env, sealed, request.state)).toThrowError(expect.objectContaining(stateError))
    }
    finally {
      Date.now = realNow
    }
  })

  it('is refused by the provider when the code is replayed or comes with another sign-in\'s PKCE verifier', async () => {
    const account = { sub: '1000007', email: 'gala@example.com', email_verified: true }
    google.setAccount(account)
    const first = await createGoogleAuthRequest(google.config)
    const second = await createGoogleAuthRequest(google.config)
    const callback = await google.authorize(first.url, account.sub)
    const code = callback.searchParams.get('code')!
    await expect(completeGoogleSignIn(fixture.db, fixture.env, fixture.context, google.config, { code, codeVerifier: second.codeVerifier, nonce: first.nonce }))
      .rejects.toMatchObject({ statusCode: 401, data: { code: 'google_failed' } })

    const again = await google.authorize(first.url, account.sub)
    const fresh = again.searchParams.get('code')!
    await completeGoogleSignIn(fixture.db, fixture.env, fixture.context, google.config, { code: fresh, codeVerifier: first.codeVerifier, nonce: first.nonce })
    await expect(completeGoogleSignIn(fixture.db, fixture.env, fixture.context, google.config, { code: fresh, codeVerifier: first.codeVerifier, nonce: first.nonce }))
      .rejects.toMatchObject({ statusCode: 401, data: { code: 'google_failed' } })
  })

  it('rejects ID tokens from an issuer it was not configured for', async () => {
    const account = { sub: '1000008', email: 'hugo@example.com', email_verified: true }
    await expect(signInWithGoogle(account, { ...google.config, issuer: 'https://accounts.google.com' }))
      .rejects.toMatchObject({ statusCode: 401, data: { code: 'google_invalid_token' } })
    expect(await userByEmail('hugo@example.com')).toBeUndefined()
  })

  it('rejects an ID token whose signature does not match the configured JWKS', async () => {
    // Another provider signs with another key under the same key id.
    const impostor = await startTestGoogleProvider({ clientId: google.config.clientId, clientSecret: google.config.clientSecret })
    try {
      const account = { sub: '1000009', email: 'ines@example.com', email_verified: true }
      await expect(signInWithGoogle(account, { ...google.config, jwksUrl: impostor.config.jwksUrl }))
        .rejects.toMatchObject({ statusCode: 401, data: { code: 'google_invalid_token' } })
      expect(await userByEmail('ines@example.com')).toBeUndefined()
    }
    finally {
      await impostor.close()
    }
  })
})
