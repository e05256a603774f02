import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { findFreePort } from '@flectar/db/embedded'
import { signStripeWebhook } from '@flectar/stripe'
import { openE2eDatabase } from './support/accounts'
import { httpRequest, startBuiltApp, waitUntilHealthy, type RunningApp } from './support/apps'
import { seedDepositSite } from './support/deposit-site'
import { E2E_PAYPAL } from './support/payments'

const SLUG = 'secret-keeping-salon'
const STRIPE_KEY = 'sk_test_FlectarE2eSecretsStayHidden'
const STRIPE_WEBHOOK = 'whsec_FlectarE2eSecretsStayHidden'
const REDSYS_KEY = 'Zq1oXDkV3mPj8TLaYfB2wNc5uHsE7rGy'
const WRONG_STRIPE_KEY = 'sk_live_FlectarE2eWrongKeyNeverShown'
const SECRETS = [STRIPE_KEY, STRIPE_WEBHOOK, REDSYS_KEY, WRONG_STRIPE_KEY, E2E_PAYPAL.clientSecret]

/**
 * Provider secrets appear in no answer and no log line: an admin and a site of their own, at
 * debug level, are taken through everything that handles the secrets (saving, a failed save,
 * "test connection" with a wrong key, webhooks with good and bad signatures, a booking that
 * starts a Stripe checkout), and their whole output is searched for every secret.
 */
describe('provider secrets stay secret', () => {
  const database = openE2eDatabase()
  let admin: RunningApp
  let site: RunningApp
  const answers: string[] = []

  const call = async (app: RunningApp, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    // The admin checks requests come from ADMIN_URL, which this one shares with the run's admin.
    const answer = await httpRequest(app.port, method, path, { origin: inject('appEnv').ADMIN_URL!, ...(text ? { 'content-type': 'application/json' } : {}), ...headers }, text)
    answers.push(`${method} ${path} ${answer.status} ${answer.body} ${JSON.stringify(answer.headers)}`)
    return answer
  }

  beforeAll(async () => {
    const env = { ...inject('appEnv'), LOG_LEVEL: 'debug' }
    admin = startBuiltApp('admin', await findFreePort(), env)
    site = startBuiltApp('site', await findFreePort(), env)
    await Promise.all([waitUntilHealthy(admin), waitUntilHealthy(site)])
  })
  afterAll(async () => {
    await Promise.all([admin?.stop(), site?.stop()])
    await database.close()
  })

  it('are in no answer and no log line of the admin or the site', async () => {
    const owner = await database.createOwner('secrets-owner@example.com', 'Secrets Org')
    const { project, serviceId } = await seedDepositSite(database.db, owner.orgId, SLUG)
    const providers = `/api/orgs/${owner.orgId}/projects/${project.id}/payments/providers`
    const asOwner = { cookie: owner.cookie }
    expect((await call(admin, 'PUT', `${providers}/stripe`, { secretKey: STRIPE_KEY, webhookSecret: STRIPE_WEBHOOK, enabled: true }, asOwner)).status).toBe(200)
    expect((await call(admin, 'PUT', `${providers}/paypal`, { ...E2E_PAYPAL, environment: 'sandbox', enabled: true }, asOwner)).status).toBe(200)
    expect((await call(admin, 'PUT', `${providers}/redsys`, { merchantCode: '999008881', terminal: '1', secretKey: REDSYS_KEY, environment: 'test', bizum: false, enabled: true }, asOwner)).status).toBe(200)
    // A save that fails on another field, with the secret in the same body.
    expect((await call(admin, 'PUT', `${providers}/redsys`, { merchantCode: 'nope', terminal: '1', secretKey: REDSYS_KEY, environment: 'test', bizum: false, enabled: true }, asOwner)).status).toBe(422)
    expect((await call(admin, 'GET', providers, undefined, asOwner)).status).toBe(200)
    expect(JSON.parse((await call(admin, 'POST', `${providers}/paypal/test`, undefined, asOwner)).body)).toMatchObject({ ok: true })
    expect((await call(admin, 'PUT', `${providers}/stripe`, { secretKey: WRONG_STRIPE_KEY, enabled: true }, asOwner)).status).toBe(200)
    expect(JSON.parse((await call(admin, 'POST', `${providers}/stripe/test`, undefined, asOwner)).body)).toMatchObject({ ok: false })
    expect((await call(admin, 'PUT', `${providers}/stripe`, { secretKey: STRIPE_KEY, enabled: true }, asOwner)).status).toBe(200)

    // Webhooks: well signed, badly signed, signed with the wrong secret.
    const event = JSON.stringify({ id: 'evt_secrets', object: 'event', type: 'checkout.session.completed', created: Math.floor(Date.now() / 1000), livemode: false, data: { object: { id: 'cs_secrets', object: 'checkout.session', payment_status: 'paid', payment_intent: 'pi_secrets', amount_total: 1000, currency: 'eur' } } })
    const stripeHook = `/api/webhooks/stripe/${project.id}`
    expect((await call(admin, 'POST', stripeHook, event, { 'content-type': 'application/json', 'stripe-signature': signStripeWebhook(event, STRIPE_WEBHOOK) })).status).toBe(200)
    expect((await call(admin, 'POST', stripeHook, event, { 'content-type': 'application/json', 'stripe-signature': signStripeWebhook(event, 'whsec_NotTheSecretOfThisSite') })).status).toBe(400)
    expect((await call(admin, 'POST', `/api/webhooks/redsys/${project.id}`, 'Ds_SignatureVersion=HMAC_SHA256_V1&Ds_MerchantParameters=e30&Ds_Signature=bad', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(400)

    // A booking that starts a Stripe checkout, through the site's API.
    const slots = JSON.parse((await call(site, 'GET', `/api/v1/projects/${SLUG}/availability?serviceId=${serviceId}&from=${new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10)}&timeZone=Europe/Madrid`, undefined, { 'host': `${SLUG}.localhost:${site.port}`, 'x-forwarded-for': '203.0.113.170' })).body) as { slots: Array<{ start: string }> }
    const booked = await call(site, 'POST', `/api/v1/projects/${SLUG}/bookings`, { serviceId, start: slots.slots[0]!.start, timeZone: 'Europe/Madrid', customer: { name: 'Seb Secret', email: 'seb@example.com' }, payment: { provider: 'stripe' } }, { 'host': `${SLUG}.localhost:${site.port}`, 'x-forwarded-for': '203.0.113.170' })
    expect(booked.status, booked.body).toBe(201)
    expect(JSON.parse(booked.body).payment).toMatchObject({ provider: 'stripe', redirect: { method: 'GET' } })

    // Give the loggers a moment to flush, then search everything.
    await new Promise(resolve => setTimeout(resolve, 500))
    const everything = [admin.output(), site.output(), ...answers].join('\n')
    expect(admin.output().length).toBeGreaterThan(0)
    for (const secret of SECRETS) expect(everything.includes(secret), `${secret.slice(0, 8)}… found`).toBe(false)
    // Nor their last 12 characters (a secret cut short, or shown as a hint of its end, still counts).
    for (const secret of SECRETS) expect(everything.includes(secret.slice(-12)), `…${secret.slice(-4)} found`).toBe(false)
  })
})
