import { httpRequest, type HttpResult } from '../../e2e/support/apps'

let visitors = 0
/** A client address of its own (the apps trust X-Forwarded-For here): rate limits are per visitor. */
export function nextVisitor(): string {
  visitors++
  return `10.${Math.floor(visitors / 62_500) % 250}.${Math.floor(visitors / 250) % 250}.${visitors % 250}`
}

/** A request to `slug`'s public site on `port` (an instance or a proxy), by Host as a browser sends it. */
export async function siteRequest(port: number, slug: string, method: string, urlPath: string, options: { body?: unknown, visitor?: string, timeoutMs?: number } = {}): Promise<HttpResult> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
  return await httpRequest(port, method, urlPath, {
    'host': `${slug}.localhost:${port}`,
    'x-forwarded-for': options.visitor ?? nextVisitor(),
    ...(payload ? { 'content-type': 'application/json' } : {}),
  }, payload, { timeoutMs: options.timeoutMs })
}

/** The JSON body, or undefined when there is none or it is not JSON (a proxy's 502). */
export function json<T = Record<string, unknown>>(result: HttpResult): T | undefined {
  try {
    return result.body ? JSON.parse(result.body) as T : undefined
  }
  catch {
    return undefined
  }
}

export function header(result: HttpResult, name: string): string {
  const value = result.headers[name]
  return Array.isArray(value) ? value.join(', ') : value ?? ''
}

/** The admin API as its pages call it: same origin (ADMIN_URL, which both instances serve), the session cookie. */
export function adminClient(adminUrl: string) {
  const origin = new URL(adminUrl).origin
  let cookie = ''
  const call = async (port: number, method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    return await httpRequest(port, method, urlPath, {
      origin,
      ...(payload ? { 'content-type': 'application/json' } : {}),
      ...(cookie ? { cookie } : {}),
      ...headers,
    }, payload)
  }
  return {
    call,
    /** Signs in with a password and keeps the session cookie for the calls after it. */
    async signIn(port: number, email: string, password: string) {
      const result = await call(port, 'POST', '/api/auth/sign-in', { email, password }, { 'x-forwarded-for': nextVisitor() })
      const setCookie = [result.headers['set-cookie'] ?? []].flat().find(value => value.includes('session='))
      if (result.status !== 200 || !setCookie) throw new Error(`Sign-in answered ${result.status}: ${result.body}`)
      cookie = setCookie.split(';')[0]!
    },
  }
}

export type AdminClient = ReturnType<typeof adminClient>

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Polls until `probe` is true; the milliseconds it took from `since`, or undefined after `timeoutMs`. */
export async function msUntil(probe: () => Promise<boolean>, since: number, timeoutMs: number, everyMs = 10): Promise<number | undefined> {
  while (performance.now() - since < timeoutMs) {
    if (await probe().catch(() => false)) return performance.now() - since
    await sleep(everyMs)
  }
  return undefined
}
