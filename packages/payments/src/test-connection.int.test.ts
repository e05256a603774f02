import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { organizations, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import type { AppError } from '@flectar/errors'
import { startFakePayPal, type FakePayPal } from '@flectar/paypal/fake'
import { createKeyRing } from '@flectar/security'
import type { ProjectScope } from '@flectar/sites'
import { startFakeStripe, type FakeStripe } from '@flectar/stripe/fake'
import { saveProviderSettings } from './provider-settings'
import { testProviderConnection } from './test-connection'

const STRIPE_KEY = 'sk_test_FlectarConnectionTest01'
const PAYPAL = { clientId: 'AFlectarConnectionTestId', clientSecret: 'EFlectarConnectionTestSecret', webhookId: '8PT597110X687430LKGECATB' }

describe('"test connection" of a saved provider', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let scope: ProjectScope
  let stripe: FakeStripe
  let paypal: FakePayPal
  const keyRing = createKeyRing(randomBytes(32).toString('base64'))
  const endpoints = () => ({ stripeApiUrl: stripe.url, paypalApiUrl: paypal.url })

  beforeAll(async () => {
    database = await createTestDatabase()
    stripe = await startFakeStripe({ webhookSecret: 'whsec_FlectarConnectionTest0' })
    paypal = await startFakePayPal(PAYPAL)
    const [org] = await database.db.insert(organizations).values({ name: 'Test', slug: 'pay-test' }).returning()
    const [project] = await database.db.insert(projects).values({ orgId: org!.id, name: 'Test', slug: 'pay-test-site', timeZone: 'Europe/Madrid', defaultLocale: 'es' }).returning()
    scope = { orgId: org!.id, projectId: project!.id }
  })
  afterAll(async () => {
    await stripe?.stop()
    await paypal?.stop()
    await database?.drop()
  })

  it('says yes for good Stripe and PayPal credentials, and no, in plain words and without the secret, for bad ones', async () => {
    const { db } = database
    const stripeRefusal = await testProviderConnection(db, keyRing, scope.projectId, 'stripe', endpoints()).catch((error: unknown) => error)
    expect((stripeRefusal as AppError).code).toBe('payment_provider_not_found')

    await saveProviderSettings(db, keyRing, scope, 'stripe', { secretKey: STRIPE_KEY, webhookSecret: 'whsec_FlectarConnectionTest0', enabled: true }, SYSTEM_ACTOR)
    expect(await testProviderConnection(db, keyRing, scope.projectId, 'stripe', endpoints())).toEqual({ ok: true, message: 'Stripe accepted the key.' })
    expect(stripe.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/checkout/sessions', status: 200 })
    await saveProviderSettings(db, keyRing, scope, 'stripe', { secretKey: 'sk_live_FlectarNotThisFakesKey0', enabled: true }, SYSTEM_ACTOR)
    const badKey = await testProviderConnection(db, keyRing, scope.projectId, 'stripe', endpoints())
    expect(badKey).toEqual({ ok: false, message: expect.stringContaining('Stripe refused the credentials (401)') })
    expect(JSON.stringify(badKey)).not.toContain('FlectarNotThisFakesKey')

    await saveProviderSettings(db, keyRing, scope, 'paypal', { clientId: PAYPAL.clientId, clientSecret: PAYPAL.clientSecret, webhookId: PAYPAL.webhookId, environment: 'sandbox', enabled: true }, SYSTEM_ACTOR)
    expect(await testProviderConnection(db, keyRing, scope.projectId, 'paypal', endpoints())).toEqual({ ok: true, message: 'PayPal accepted the app\'s credentials.' })
    await saveProviderSettings(db, keyRing, scope, 'paypal', { clientId: PAYPAL.clientId, clientSecret: 'EWrongSecretForThisApp', webhookId: PAYPAL.webhookId, environment: 'sandbox', enabled: true }, SYSTEM_ACTOR)
    const badSecret = await testProviderConnection(db, keyRing, scope.projectId, 'paypal', endpoints())
    expect(badSecret.ok).toBe(false)
    expect(badSecret.message).toMatch(/^PayPal refused the credentials \(401\)/)
    expect(JSON.stringify(badSecret)).not.toContain('EWrongSecretForThisApp')

    // A provider that cannot be reached is told apart from one that refuses.
    const down = await testProviderConnection(db, keyRing, scope.projectId, 'stripe', { stripeApiUrl: 'http://127.0.0.1:9' })
    expect(down).toEqual({ ok: false, message: 'Stripe could not be reached. Try again in a moment.' })
    const redsys = await testProviderConnection(db, keyRing, scope.projectId, 'redsys', endpoints()).catch((error: unknown) => error)
    expect((redsys as AppError).code).toBe('connection_test_unavailable')
  })
})
