import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'
import type { GoogleSignInConfig } from './google-sign-in'

/** The claims the stand-in for Google tells about a person (what Google's ID token carries). */
export interface TestGoogleAccount {
  sub: string
  email: string
  email_verified: boolean
  given_name?: string
  family_name?: string
  name?: string
}

/**
 * A real OpenID provider (`oidc-provider`) on 127.0.0.1 standing in for Google: one
 * confidential client, PKCE required, RS256 ID tokens with the email and profile claims,
 * and its built-in login and consent pages. Integration tests only.
 */
export async function startTestGoogleProvider(options: { clientId?: string, clientSecret?: string, redirectUri?: string } = {}) {
  const clientId = options.clientId ?? 'flectar-test.apps.googleusercontent.com'
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url')
  const redirectUri = options.redirectUri ?? 'http://admin.test/api/auth/google/callback'
  const accounts = new Map<string, TestGoogleAccount>()

  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'] },
    // Like Google: the email and profile claims are in the ID token itself.
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) => {
      const account = accounts.get(id)
      return account && { accountId: id, claims: () => ({ ...account }) }
    },
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
  })
  server.on('request', provider.callback())

  const config: GoogleSignInConfig = {
    clientId,
    clientSecret,
    redirectUri,
    issuer,
    authUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks`,
  }

  return {
    issuer,
    config,
    /** Adds (or replaces) the person who can sign in as `sub`. */
    setAccount: (account: TestGoogleAccount) => void accounts.set(account.sub, account),
    /**
     * Plays the browser: opens `authUrl`, signs in on the provider's login page as `sub`,
     * approves its consent page, and returns the URL the provider sends back to the app.
     */
    authorize: (authUrl: string, sub: string) => authorizeLikeABrowser(authUrl, sub, redirectUri),
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close(error => (error ? reject(error) : resolve()))
    }),
  }
}

function decodeHtml(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
}

/** The one POST form of the provider's page: its action and fields, the visible ones filled in. */
function readForm(html: string, fill: Record<string, string>): { action: string, fields: URLSearchParams } {
  const form = /<form\s[^>]*action="([^"]*)"[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html)
  if (!form) throw new Error(`No form on the provider's page:\n${html.slice(0, 2000)}`)
  const fields = new URLSearchParams()
  for (const [input] of form[2]!.matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/.exec(input)?.[1]
    if (!name) continue
    const value = /\bvalue="([^"]*)"/.exec(input)?.[1]
    fields.set(name, fill[name] ?? decodeHtml(value ?? ''))
  }
  return { action: decodeHtml(form[1]!), fields }
}

async function authorizeLikeABrowser(authUrl: string, sub: string, redirectUri: string): Promise<URL> {
  const cookies = new Map<string, string>()
  let url = new URL(authUrl)
  let method = 'GET'
  let body: URLSearchParams | undefined
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    })
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';')
      const separator = pair.indexOf('=')
      const name = pair.slice(0, separator).trim()
      const value = pair.slice(separator + 1).trim()
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === '') cookies.delete(name)
      else cookies.set(name, value)
    }
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel()
      const next = new URL(location, url)
      if (next.href.startsWith(redirectUri)) return next
      url = next
      method = 'GET'
      body = undefined
      continue
    }
    const html = await response.text()
    if (response.status !== 200) throw new Error(`The provider answered ${response.status} at ${url.pathname}:\n${html.slice(0, 2000)}`)
    // The login page asks who you are; the consent page only to continue.
    const form = readForm(html, { login: sub, password: 'any password' })
    url = new URL(form.action, url)
    method = 'POST'
    body = form.fields
  }
  throw new Error('The provider never redirected back to the app')
}
