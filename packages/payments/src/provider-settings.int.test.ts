import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { auditEvents, organizations, paymentProviderSettings, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { InvalidInputError } from '@flectar/errors'
import { createKeyRing } from '@flectar/security'
import type { ProjectScope } from '@flectar/sites'
import { listProviderSettings, loadProviderCredentials, saveProviderSettings } from './provider-settings'
import { redsysSettingsSchema, stripeSettingsSchema } from './schemas'

const REDSYS_KEY = 'sq7HjrUOBfKmC576ILgskD5srU870gJ7'
const STRIPE_KEY = 'sk_test_51FlectarBenchKeyAbcdefghij'
const STRIPE_WEBHOOK = 'whsec_FlectarSigningSecret123'

describe('payment provider settings', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let scope: ProjectScope
  const keyRing = createKeyRing(randomBytes(32).toString('base64'))

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Pay', slug: 'pay-settings' }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Pay', slug: 'pay-settings-site', timeZone: 'Europe/Madrid', defaultLocale: 'es' }).returning()
    scope = { orgId: org!.id, projectId: project!.id }
  })
  afterAll(() => database.drop())

  const redsys = (changes: Record<string, unknown> = {}) => redsysSettingsSchema.parse({ merchantCode: '999008881', terminal: '1', secretKey: REDSYS_KEY, environment: 'test', bizum: true, enabled: true, ...changes })

  it('lists every provider as not connected at first', async () => {
    expect((await listProviderSettings(database.db, scope)).map(view => [view.provider, view.connected])).toEqual([['stripe', false], ['paypal', false], ['redsys', false], ['on_site', false]])
  })

  it('keeps the secret encrypted, shows only its last characters, and gives it back to server code', async () => {
    const view = await saveProviderSettings(database.db, keyRing, scope, 'redsys', redsys(), SYSTEM_ACTOR)
    expect(view).toEqual({ provider: 'redsys', connected: true, enabled: true, environment: 'test', config: { merchantCode: '999008881', terminal: '1', environment: 'test', bizum: true }, secrets: { secretKey: { set: true, endsWith: '0gJ7' } } })
    const [row] = await database.db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.projectId, scope.projectId))
    expect(JSON.stringify(row)).not.toContain(REDSYS_KEY)
    expect(JSON.stringify(await listProviderSettings(database.db, scope))).not.toContain(REDSYS_KEY)
    expect(await loadProviderCredentials(database.db, keyRing, scope.projectId, 'redsys')).toEqual({ enabled: true, config: view.config, secrets: { secretKey: REDSYS_KEY } })
    // Audited, without the secret.
    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'payment_provider.updated'))
    expect(audit).toHaveLength(1)
    expect(audit[0]!.metadata).toMatchObject({ provider: 'redsys', enabled: true, environment: 'test', secretsChanged: ['secretKey'] })
    expect(JSON.stringify(audit)).not.toContain(REDSYS_KEY)
  })

  it('keeps the stored secret when a save leaves it out, and replaces it when one is given', async () => {
    await saveProviderSettings(database.db, keyRing, scope, 'redsys', redsys({ secretKey: undefined, enabled: false, terminal: '2' }), SYSTEM_ACTOR)
    expect(await loadProviderCredentials(database.db, keyRing, scope.projectId, 'redsys')).toMatchObject({ enabled: false, config: { terminal: '2' }, secrets: { secretKey: REDSYS_KEY } })
    const other = 'A'.repeat(32)
    const view = await saveProviderSettings(database.db, keyRing, scope, 'redsys', redsys({ secretKey: other }), SYSTEM_ACTOR)
    expect(view.secrets.secretKey?.endsWith).toBe('AAAA')
    expect((await loadProviderCredentials(database.db, keyRing, scope.projectId, 'redsys'))?.secrets.secretKey).toBe(other)
  })

  it('asks for each secret that is neither given nor stored, by field, and saves nothing', async () => {
    const error = await saveProviderSettings(database.db, keyRing, scope, 'stripe', stripeSettingsSchema.parse({ enabled: true }), SYSTEM_ACTOR).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidInputError)
    expect(Object.keys((error as InvalidInputError).data.fields!)).toEqual(['secretKey', 'webhookSecret'])
    expect((await listProviderSettings(database.db, scope)).find(view => view.provider === 'stripe')?.connected).toBe(false)
  })

  it('tells Stripe\'s environment from its key', async () => {
    const test = await saveProviderSettings(database.db, keyRing, scope, 'stripe', stripeSettingsSchema.parse({ secretKey: STRIPE_KEY, webhookSecret: STRIPE_WEBHOOK, enabled: true }), SYSTEM_ACTOR)
    expect(test.environment).toBe('test')
    const live = await saveProviderSettings(database.db, keyRing, scope, 'stripe', stripeSettingsSchema.parse({ secretKey: STRIPE_KEY.replace('sk_test_', 'sk_live_'), enabled: true }), SYSTEM_ACTOR)
    expect(live.environment).toBe('live')
    expect(live.secrets).toEqual({ secretKey: { set: true, endsWith: 'ghij' }, webhookSecret: { set: true, endsWith: 't123' } })
  })

  it('refuses malformed settings field by field', () => {
    const result = redsysSettingsSchema.safeParse({ merchantCode: '123', terminal: '1234', secretKey: 'short', environment: 'prod', bizum: 'yes', enabled: true, extra: 1 })
    expect(result.success).toBe(false)
    const paths = result.error!.issues.map(issue => issue.path.join('.') || issue.code)
    expect(paths).toEqual(expect.arrayContaining(['merchantCode', 'terminal', 'secretKey', 'environment', 'bizum']))
  })
})
