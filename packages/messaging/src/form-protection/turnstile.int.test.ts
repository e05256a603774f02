import { randomBytes } from 'node:crypto'
import { createServer, type Socket } from 'node:net'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { messagingChannelSettings, organizations, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { InvalidInputError, parseInput } from '@flectar/errors'
import { createKeyRing } from '@flectar/security'
import { TURNSTILE_TEST_KEYS } from '@flectar/turnstile'
import { startFakeTurnstile, type FakeTurnstile } from '@flectar/turnstile/fake'
import { listChannelSettings } from '../conversations/channel-settings'
import type { ProjectScope } from '../conversations/customers'
import { checkTurnstile, type CheckTurnstileOptions } from './check-turnstile'
import { getTurnstileSettings, loadTurnstileKeys, loadTurnstileSiteKey, saveTurnstileSettings, turnstileSettingsSchema } from './turnstile-settings'

const SITE_KEY = '0x4AAAAAAAFlectarSiteKey'
const SECRET = '0x4AAAAAAAFlectarTurnstileSecret9876'

/** A port nothing listens on: taken, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as { port: number }
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

describe('Turnstile on public forms: the settings and the check', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let scope: ProjectScope
  let otherScope: ProjectScope
  let fake: FakeTurnstile
  const keyRing = createKeyRing(randomBytes(32).toString('base64'))
  const save = (input: Record<string, unknown>, at = scope) => database.db.transaction(tx => saveTurnstileSettings(tx, keyRing, at, parseInput(turnstileSettingsSchema, input)))

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Salon', slug: 'salon-turnstile-org' }).returning()
    const [other] = await database.db.insert(organizations).values({ name: 'Other', slug: 'other-turnstile-org' }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Salón Lucía', slug: 'salon-turnstile' }).returning()
    const [otherProject] = await database.db.insert(projects).values({ orgId: other!.id, name: 'Other site', slug: 'other-turnstile' }).returning()
    scope = { orgId: org!.id, projectId: project!.id }
    otherScope = { orgId: other!.id, projectId: otherProject!.id }
    fake = await startFakeTurnstile()
  })
  afterAll(async () => {
    await fake?.close()
    await database.drop()
  })

  describe('settings', () => {
    it('is off and unconfigured until saved, and asks for the secret on the first save', async () => {
      expect(await getTurnstileSettings(database.db, scope)).toEqual({ configured: false, enabled: false, siteKey: null, secretKey: { set: false, endsWith: null } })
      expect(await loadTurnstileSiteKey(database.db, scope.projectId)).toBeUndefined()
      const refused = await save({ enabled: true, siteKey: SITE_KEY }).catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(InvalidInputError)
      expect((refused as InvalidInputError).data.fields).toEqual({ secretKey: expect.stringContaining('Enter the secret key') })
    })

    it('refuses keys that are not Cloudflare\'s shape, field by field', () => {
      const result = turnstileSettingsSchema.safeParse({ enabled: 'yes', siteKey: '<script>', secretKey: 'two words' })
      expect(result.error?.issues.map(issue => issue.path.join('.')).sort()).toEqual(['enabled', 'secretKey', 'siteKey'])
    })

    it('stores the secret encrypted, shows it by its last characters, and keeps it when left out', async () => {
      const saved = await save({ enabled: true, siteKey: SITE_KEY, secretKey: ` ${SECRET} ` })
      expect(saved).toEqual({ configured: true, enabled: true, siteKey: SITE_KEY, secretKey: { set: true, endsWith: '9876' }, secretsChanged: ['secretKey'] })
      const [row] = await database.db.select().from(messagingChannelSettings).where(and(eq(messagingChannelSettings.projectId, scope.projectId), eq(messagingChannelSettings.channel, 'turnstile')))
      expect(row!.secrets).not.toContain(SECRET)
      expect(JSON.stringify(row)).not.toContain(SECRET)
      expect(await loadTurnstileKeys(database.db, keyRing, scope.projectId)).toEqual({ siteKey: SITE_KEY, secretKey: SECRET })

      const again = await save({ enabled: true, siteKey: SITE_KEY })
      expect(again.secretsChanged).toEqual([])
      expect(await loadTurnstileKeys(database.db, keyRing, scope.projectId)).toEqual({ siteKey: SITE_KEY, secretKey: SECRET })
    })

    it('switched off, public forms get no site key and no check, and the keys stay for later', async () => {
      await save({ enabled: false, siteKey: SITE_KEY })
      expect(await loadTurnstileSiteKey(database.db, scope.projectId)).toBeUndefined()
      expect(await loadTurnstileKeys(database.db, keyRing, scope.projectId)).toBeUndefined()
      expect(await getTurnstileSettings(database.db, scope)).toMatchObject({ configured: true, enabled: false, siteKey: SITE_KEY, secretKey: { set: true } })
      await save({ enabled: true, siteKey: SITE_KEY })
      expect(await loadTurnstileSiteKey(database.db, scope.projectId)).toBe(SITE_KEY)
    })

    it('is seen only through its own org, and is not a messaging channel', async () => {
      expect(await getTurnstileSettings(database.db, { orgId: otherScope.orgId, projectId: scope.projectId })).toMatchObject({ configured: false })
      expect(await loadTurnstileSiteKey(database.db, otherScope.projectId)).toBeUndefined()
      expect((await listChannelSettings(database.db, scope)).map(view => view.channel)).toEqual(['sms', 'whatsapp'])
    })
  })

  describe('the check, against the fake siteverify', () => {
    const check = (options: Partial<CheckTurnstileOptions>) => checkTurnstile({ keys: { siteKey: SITE_KEY, secretKey: SECRET }, token: undefined, action: 'contact', hostname: 'salon.example', verifyUrl: fake.verifyUrl, ...options })
    const calls = () => fake.requests.length

    it('lets every post through, asking nobody, when the project has Turnstile off', async () => {
      const before = calls()
      expect(await check({ keys: undefined, token: undefined })).toEqual({ outcome: 'ok', checked: false })
      expect(calls()).toBe(before)
    })

    it('refuses a post without a token, or with anything but one string, before any call', async () => {
      const before = calls()
      for (const token of [undefined, '', ['a', 'b'], 42, 'x'.repeat(2049)]) expect(await check({ token }), String(token)).toEqual({ outcome: 'refused', errorCodes: [] })
      expect(calls()).toBe(before)
    })

    it('passes a token solved on this host for this form, once, and sends the visitor\'s address', async () => {
      const token = fake.issueToken({ hostname: 'salon.example', action: 'contact' })
      expect(await check({ token, remoteIp: '203.0.113.7' })).toEqual({ outcome: 'ok', checked: true })
      expect(fake.requests.at(-1)).toMatchObject({ secret: SECRET, response: token, remoteip: '203.0.113.7' })
      expect(await check({ token })).toEqual({ outcome: 'refused', errorCodes: ['timeout-or-duplicate'] })
    })

    it('refuses a token solved on another host, for the other form, or made up', async () => {
      expect(await check({ token: fake.issueToken({ hostname: 'elsewhere.example', action: 'contact' }) })).toEqual({ outcome: 'refused', errorCodes: [] })
      expect(await check({ token: fake.issueToken({ hostname: 'salon.example', action: 'booking' }) })).toEqual({ outcome: 'refused', errorCodes: [] })
      expect(await check({ token: 'made.up.token' })).toEqual({ outcome: 'refused', errorCodes: ['invalid-input-response'] })
    })

    it('works with Cloudflare\'s test keys on any host: the passing secret passes, the failing one refuses', async () => {
      const testKeys = (secretKey: string) => ({ siteKey: TURNSTILE_TEST_KEYS.sitekeyPasses, secretKey })
      expect(await check({ keys: testKeys(TURNSTILE_TEST_KEYS.secretPasses), token: 'XXXX.DUMMY.TOKEN.XXXX', hostname: 'localhost' })).toEqual({ outcome: 'ok', checked: true })
      expect(await check({ keys: testKeys(TURNSTILE_TEST_KEYS.secretFails), token: 'XXXX.DUMMY.TOKEN.XXXX' })).toEqual({ outcome: 'refused', errorCodes: ['invalid-input-response'] })
      expect(await check({ keys: testKeys(TURNSTILE_TEST_KEYS.secretSpent), token: 'XXXX.DUMMY.TOKEN.XXXX' })).toEqual({ outcome: 'refused', errorCodes: ['timeout-or-duplicate'] })
    })

    it('answers unavailable, not refused, when siteverify cannot be reached or answers slowly', async () => {
      expect(await check({ token: 'any', verifyUrl: `http://127.0.0.1:${await closedPort()}/turnstile/v0/siteverify` })).toEqual({ outcome: 'unavailable', errorCodes: [] })
      // Accepts the connection and never answers.
      const sockets: Socket[] = []
      const silent = createServer(socket => sockets.push(socket))
      await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', () => resolve()))
      try {
        const { port } = silent.address() as { port: number }
        expect(await check({ token: 'any', verifyUrl: `http://127.0.0.1:${port}/turnstile/v0/siteverify`, timeoutMs: 200 })).toEqual({ outcome: 'unavailable', errorCodes: [] })
      }
      finally {
        for (const socket of sockets) socket.destroy()
        silent.close()
      }
    })
  })
})
