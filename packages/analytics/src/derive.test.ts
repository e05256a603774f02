import { describe, expect, it } from 'vitest'
import { beaconSchema, countryFrom, deriveEvent, deviceInfo, dropReason, languageCode, parseUtm, referrerHost, sanitisePath, saltedHash, type IngestContext } from './derive'

const CHROME_DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36'
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'

describe('dropReason', () => {
  it('drops Do Not Track, Global Privacy Control and bots, and nothing else', () => {
    expect(dropReason({ 'dnt': '1', 'user-agent': CHROME_DESKTOP })).toBe('dnt')
    expect(dropReason({ 'sec-gpc': '1', 'user-agent': CHROME_DESKTOP })).toBe('gpc')
    expect(dropReason({ 'user-agent': GOOGLEBOT })).toBe('bot')
    expect(dropReason({ 'user-agent': 'curl/8.5.0' })).toBe('bot')
    expect(dropReason({})).toBe('bot')
    expect(dropReason({ 'dnt': '0', 'sec-gpc': '0', 'user-agent': CHROME_DESKTOP })).toBeUndefined()
    expect(dropReason({ 'user-agent': IPHONE })).toBeUndefined()
  })
})

describe('sanitisePath', () => {
  it('keeps the path only', () => {
    expect(sanitisePath('/services?utm_source=x&email=a@b.c#top')).toBe('/services')
    expect(sanitisePath('/')).toBe('/')
    expect(sanitisePath('/about/')).toBe('/about')
    expect(sanitisePath('//evil//path')).toBe('/evil/path')
    expect(sanitisePath('/caf%C3%A9')).toBe('/café')
    expect(sanitisePath('/%E0%A4%A')).toBe('/%E0%A4%A')
    expect(sanitisePath(`/${'a'.repeat(2000)}`)).toHaveLength(512)
  })
})

describe('parseUtm', () => {
  it('reads source, medium and campaign, lower-cased', () => {
    expect(parseUtm('/?utm_source=Instagram&utm_medium=social&utm_campaign=Spring%20Offer&other=1'))
      .toEqual({ utmSource: 'instagram', utmMedium: 'social', utmCampaign: 'spring offer' })
  })
  it('treats ref= as a source and is empty without parameters', () => {
    expect(parseUtm('/pricing?ref=producthunt').utmSource).toBe('producthunt')
    expect(parseUtm('/pricing')).toEqual({ utmSource: null, utmMedium: null, utmCampaign: null })
    expect(parseUtm('/?utm_source=').utmSource).toBeNull()
  })
})

describe('referrerHost', () => {
  it('keeps only the host of an external referrer', () => {
    expect(referrerHost('https://www.google.com/search?q=hair+salon', 'demo.localhost:3001')).toBe('google.com')
    expect(referrerHost('https://l.instagram.com/?u=https%3A%2F%2Fx', 'demo.localhost')).toBe('l.instagram.com')
  })
  it('drops internal, empty and odd referrers', () => {
    expect(referrerHost('http://demo.localhost:3001/about', 'demo.localhost:3001')).toBeNull()
    expect(referrerHost('', 'demo.localhost')).toBeNull()
    expect(referrerHost(undefined, 'demo.localhost')).toBeNull()
    expect(referrerHost('not a url', 'demo.localhost')).toBeNull()
    expect(referrerHost('javascript:alert(1)', 'demo.localhost')).toBeNull()
  })
})

describe('deviceInfo', () => {
  it('classifies desktop, mobile and tablet with browser and OS family', () => {
    expect(deviceInfo(CHROME_DESKTOP)).toEqual({ device: 'desktop', browser: 'Chrome', os: 'Windows' })
    expect(deviceInfo(IPHONE)).toEqual({ device: 'mobile', browser: 'Safari', os: 'iOS' })
    expect(deviceInfo(IPAD).device).toBe('tablet')
    expect(deviceInfo(ANDROID)).toMatchObject({ device: 'mobile', os: 'Android' })
  })
  it('falls back to the screen width class', () => {
    expect(deviceInfo('Mozilla/5.0 SomethingNew', 's').device).toBe('mobile')
    expect(deviceInfo('SomethingNew/1.0', 'l')).toMatchObject({ device: 'desktop', os: 'Unknown' })
  })
})

describe('languageCode and countryFrom', () => {
  it('keeps a two-letter language', () => {
    expect(languageCode('es-ES')).toBe('es')
    expect(languageCode('EN')).toBe('en')
    expect(languageCode('<script>')).toBeNull()
  })
  it('reads the hosting header', () => {
    expect(countryFrom({ 'cf-ipcountry': 'es' })).toBe('ES')
    expect(countryFrom({ 'cf-ipcountry': 'XX' })).toBeNull()
    expect(countryFrom({ 'x-geo': 'PT', 'cf-ipcountry': 'ES' }, 'X-Geo')).toBe('PT')
    expect(countryFrom({ 'cf-ipcountry': 'ES' }, 'x-geo')).toBeNull()
    expect(countryFrom({ 'cf-ipcountry': 'Spain' })).toBeNull()
  })
})

describe('beaconSchema', () => {
  it('accepts what the tracker sends and refuses the rest', () => {
    expect(beaconSchema.safeParse({ n: 'pageview', p: '/', r: '', v: 'a', s: 'b', l: 'en', w: 'l' }).success).toBe(true)
    expect(beaconSchema.safeParse({ n: 'pageview', p: 'https://x/' }).success).toBe(false)
    expect(beaconSchema.safeParse({ n: '<b>', p: '/' }).success).toBe(false)
    expect(beaconSchema.safeParse({ n: 'x', p: '/', d: { nested: { a: 1 } } }).success).toBe(false)
  })
})

describe('control characters (issue 11, finding 4)', () => {
  const NUL = JSON.parse('"\\u0000"') as string

  it('refuses a beacon with a control character or a lone surrogate in any string', () => {
    for (const beacon of [
      { n: 'pageview', p: `/${NUL}` },
      { n: 'pageview', p: '/', r: `https://a.example/${NUL}` },
      { n: 'pageview', p: '/', v: `v${NUL}` },
      { n: 'pageview', p: '/', l: `en${NUL}` },
      { n: 'signup', p: '/', d: { plan: NUL } },
      { n: 'signup', p: '/', d: { [`plan${NUL}`]: 'pro' } },
      { n: 'signup', p: '/', d: { plan: '\uD800' } },
      { n: 'pageview', p: '/\uDC00' },
    ]) expect(beaconSchema.safeParse(beacon).success, JSON.stringify(beacon)).toBe(false)
  })

  it('drops what the query string and path decode to (%00)', () => {
    expect(parseUtm('/?utm_source=%00')).toEqual({ utmSource: null, utmMedium: null, utmCampaign: null })
    expect(parseUtm('/?utm_source=news%00letter&utm_medium=%0D%0Amail')).toEqual({ utmSource: 'newsletter', utmMedium: 'mail', utmCampaign: null })
    expect(sanitisePath('/a%00b%0A')).toBe('/ab')
  })

  it('cuts long values on whole characters, never half an emoji', () => {
    const emoji = '\u{1F600}'
    expect(sanitisePath(`/${emoji.repeat(600)}`)).toBe(`/${emoji.repeat(511)}`)
    expect(parseUtm(`/?utm_source=${encodeURIComponent(emoji.repeat(120))}`).utmSource).toBe(emoji.repeat(100))
  })
})

describe('deriveEvent', () => {
  const context: IngestContext = {
    projectId: '00000000-0000-4000-8000-000000000001',
    host: 'demo.localhost:3001',
    userAgent: IPHONE,
    ipKey: 'ipkey-1',
    headers: { 'cf-ipcountry': 'ES' },
    cookieless: false,
    salt: 'salt-of-today',
    now: new Date('2026-01-01T10:00:00Z'),
  }
  const beacon = { n: 'pageview', p: '/services?utm_source=ig&secret=1', r: 'https://www.google.com/x', v: 'visitor-1', s: 'session-1', l: 'es-ES', w: 's' as const }

  it('stores exactly the promised fields, with the ids hashed', () => {
    const row = deriveEvent(beacon, context)
    expect(Object.keys(row).sort()).toEqual(['browser', 'country', 'device', 'language', 'name', 'occurredAt', 'os', 'path', 'projectId', 'props', 'referrerHost', 'sessionHash', 'utmCampaign', 'utmMedium', 'utmSource', 'visitorHash'])
    expect(row).toMatchObject({ path: '/services', referrerHost: 'google.com', utmSource: 'ig', language: 'es', device: 'mobile', os: 'iOS', country: 'ES', props: null })
    expect(row.visitorHash).not.toContain('visitor-1')
    expect(row.visitorHash).toMatch(/^[0-9a-f]{32}$/)
    expect(row.sessionHash).not.toBe(row.visitorHash)
    expect(JSON.stringify(row)).not.toContain('iPhone')
  })

  it('gives other hashes with another salt or another project', () => {
    const first = deriveEvent(beacon, context)
    expect(deriveEvent(beacon, { ...context, salt: 'salt-of-tomorrow' }).visitorHash).not.toBe(first.visitorHash)
    expect(deriveEvent(beacon, { ...context, projectId: '00000000-0000-4000-8000-000000000002' }).visitorHash).not.toBe(first.visitorHash)
    expect(deriveEvent(beacon, context).visitorHash).toBe(first.visitorHash)
  })

  it('ignores client ids in cookieless mode and hashes IP key, user agent and host instead', () => {
    const row = deriveEvent({ ...beacon, v: '', s: '' }, { ...context, cookieless: true })
    expect(row.visitorHash).toBe(saltedHash(context.salt, context.projectId, 'anonymous', 'ipkey-1', IPHONE, 'demo.localhost:3001'))
    expect(row.sessionHash).toBe(row.visitorHash)
    expect(deriveEvent(beacon, { ...context, cookieless: true }).visitorHash).toBe(row.visitorHash)
    expect(deriveEvent(beacon, { ...context, cookieless: true, ipKey: 'ipkey-2' }).visitorHash).not.toBe(row.visitorHash)
  })

  it('keeps custom event properties only on custom events', () => {
    expect(deriveEvent({ ...beacon, n: 'booking_started', d: { service: 'cut' } }, context).props).toEqual({ service: 'cut' })
    expect(deriveEvent({ ...beacon, d: { service: 'cut' } }, context).props).toBeNull()
  })
})
