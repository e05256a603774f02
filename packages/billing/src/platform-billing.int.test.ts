import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { auditEvents, orgBilling, organizations, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { createProject } from '@flectar/sites'
import { startFakeStripe, type FakeStripe } from '@flectar/stripe/fake'
import { pressOnHostedPage, startWebhookReceiver, type WebhookReceiver } from '@flectar/stripe/testing'
import { planGuard } from './limits'
import { DEFAULT_PLANS, type BillingConfig } from './plans'
import { applyPlatformStripeEvent, openBillingPortal, startPlanCheckout } from './platform-stripe'
import { billingOfOrg } from './usage'

const WEBHOOK_SECRET = 'whsec_platform_billing_test_secret'

describe('platform billing: plans with limits, upgraded through the platform Stripe account', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let fake: FakeStripe
  let receiver: WebhookReceiver
  let config: BillingConfig
  let outcomes: string[] = []

  beforeAll(async () => {
    database = await createTestDatabase()
    // The platform's webhook as the admin route runs it: signature over the raw body, then apply.
    receiver = await startWebhookReceiver(WEBHOOK_SECRET, async event => (await applyPlatformStripeEvent(database.db, config, event)).outcome)
    outcomes = receiver.outcomes
    fake = await startFakeStripe({ webhookSecret: WEBHOOK_SECRET, webhookUrl: receiver.url })
    config = { enabled: true, plans: DEFAULT_PLANS, stripe: { secretKey: 'sk_test_platformbilling', webhookSecret: WEBHOOK_SECRET, apiUrl: fake.url } }
  })
  afterAll(async () => {
    await fake?.stop()
    await receiver?.stop()
    await database?.drop()
  })

  async function newOrg(slug: string) {
    const [org] = await database.db.insert(organizations).values({ name: slug, slug }).returning()
    return org!.id
  }
  const site = (orgId: string, slug: string, billing: BillingConfig = config) =>
    createProject(database.db, orgId, { name: slug, slug, timeZone: 'Europe/Madrid', defaultLocale: 'en' }, SYSTEM_ACTOR, { withinPlan: planGuard(billing, orgId, { limit: 'sites' }) })
  async function subscribe(orgId: string, planId: string) {
    const { url } = await startPlanCheckout(database.db, config, { orgId, planId, customerEmail: 'owner@salon.example', successUrl: 'http://admin.test/settings/billing?checkout=done', cancelUrl: 'http://admin.test/settings/billing' })
    const paid = await pressOnHostedPage(url, 'paid')
    expect(paid.status).toBe(302)
  }
  const sitesOf = async (orgId: string) => (await database.db.select().from(projects).where(eq(projects.orgId, orgId))).length

  it('refuses the 4th site on the 3-site plan with a 402 that names the limit, and allows it after an upgrade', async () => {
    const orgId = await newOrg('growing-salon')
    await site(orgId, 'salon-one')
    // Without a subscription the organisation is on Free: one site.
    await expect(site(orgId, 'salon-two')).rejects.toMatchObject({ statusCode: 402, data: { code: 'plan_limit_reached', limit: 'sites', allowed: 1, used: 1, plan: 'free' } })

    await subscribe(orgId, 'starter')
    expect((await billingOfOrg(database.db, config, orgId)).plan.id).toBe('starter')
    await site(orgId, 'salon-two')
    await site(orgId, 'salon-three')
    const refused = await site(orgId, 'salon-four').catch((error: unknown) => error)
    expect(refused).toMatchObject({ statusCode: 402, data: { code: 'plan_limit_reached', limit: 'sites', allowed: 3, used: 3, plan: 'starter' } })
    expect((refused as Error).message).toBe('The Starter plan allows 3 sites. Upgrade the plan in Settings → Billing to go beyond it.')
    expect(await sitesOf(orgId)).toBe(3)

    const starter = (await billingOfOrg(database.db, config, orgId)).row!.stripeSubscriptionId!
    await subscribe(orgId, 'business')
    const { plan, row } = await billingOfOrg(database.db, config, orgId)
    expect(plan.id).toBe('business')
    expect(row).toMatchObject({ status: 'active', cancelAtPeriodEnd: false })
    expect(row!.currentPeriodEnd!.getTime()).toBeGreaterThan(Date.now() + 27 * 24 * 3600_000)
    // The subscription it replaced is cancelled at Stripe: one plan is paid for, not two.
    expect(fake.subscriptions.get(starter)?.status).toBe('canceled')
    expect((await billingOfOrg(database.db, config, orgId)).row!.stripeSubscriptionId).not.toBe(starter)
    await site(orgId, 'salon-four')
    expect(await sitesOf(orgId)).toBe(4)

    const changes = await database.db.select().from(auditEvents).where(eq(auditEvents.orgId, orgId))
    expect(changes.filter(change => change.action === 'org.plan_changed').map(change => change.metadata)).toEqual(expect.arrayContaining([
      expect.objectContaining({ from: 'free', to: 'starter', status: 'active' }),
      expect.objectContaining({ from: 'starter', to: 'business', status: 'active' }),
    ]))
  })

  it('applies each event once: a repeated delivery changes nothing', async () => {
    const orgId = await newOrg('repeat-salon')
    await subscribe(orgId, 'starter')
    const created = fake.events.find(event => event.type === 'customer.subscription.created' && (event.data.object as { metadata: Record<string, string> }).metadata.org_id === orgId)!
    outcomes.length = 0
    await fake.redeliverEvent(created.id)
    expect(outcomes).toEqual(['customer.subscription.created:duplicate'])
  })

  it('counts concurrent sites one after the other: two requests for the last place, one wins', async () => {
    const orgId = await newOrg('racing-salon')
    const results = await Promise.allSettled([site(orgId, 'race-a'), site(orgId, 'race-b'), site(orgId, 'race-c')])
    expect(results.filter(result => result.status === 'fulfilled')).toHaveLength(1)
    expect(results.filter(result => result.status === 'rejected').map(result => (result as PromiseRejectedResult).reason.statusCode)).toEqual([402, 402])
    expect(await sitesOf(orgId)).toBe(1)
  })

  it('a cancelled subscription falls back to Free: what exists stays, nothing more is added', async () => {
    const orgId = await newOrg('leaving-salon')
    await subscribe(orgId, 'starter')
    await site(orgId, 'leaving-one')
    await site(orgId, 'leaving-two')
    const { url } = await openBillingPortal(database.db, config, orgId, 'http://admin.test/settings/billing')
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
    const subscriptionId = (await billingOfOrg(database.db, config, orgId)).row!.stripeSubscriptionId!
    const cancelled = await fetch(`${fake.url}/v1/subscriptions/${subscriptionId}`, { method: 'DELETE', headers: { authorization: `Bearer ${config.stripe!.secretKey}` } })
    expect(cancelled.status).toBe(200)
    const { plan, row } = await billingOfOrg(database.db, config, orgId)
    expect(plan.id).toBe('free')
    expect(row).toMatchObject({ status: 'canceled', stripeSubscriptionId: null })
    expect(await sitesOf(orgId)).toBe(2)
    await expect(site(orgId, 'leaving-three')).rejects.toMatchObject({ statusCode: 402, data: { limit: 'sites', allowed: 1, used: 2 } })
  })

  it('refuses a checkout for the plan already paid for, and for the free plan', async () => {
    const orgId = await newOrg('steady-salon')
    await subscribe(orgId, 'starter')
    const request = { orgId, customerEmail: 'owner@salon.example', successUrl: 'http://admin.test/ok', cancelUrl: 'http://admin.test/no' }
    await expect(startPlanCheckout(database.db, config, { ...request, planId: 'starter' })).rejects.toMatchObject({ statusCode: 409, data: { code: 'already_on_plan' } })
    await expect(startPlanCheckout(database.db, config, { ...request, planId: 'free' })).rejects.toMatchObject({ statusCode: 422, data: { fields: { plan: expect.any(String) } } })
    await expect(startPlanCheckout(database.db, config, { ...request, planId: 'platinum' })).rejects.toMatchObject({ statusCode: 422, data: { fields: { plan: 'Choose one of the plans' } } })
  })

  it('with billing off (the default) no limit applies and nothing is asked of Stripe', async () => {
    const off: BillingConfig = { enabled: false, plans: DEFAULT_PLANS }
    const orgId = await newOrg('self-hosted')
    for (const slug of ['own-one', 'own-two', 'own-three', 'own-four', 'own-five']) await site(orgId, slug, off)
    expect(await sitesOf(orgId)).toBe(5)
    expect(await database.db.select().from(orgBilling).where(eq(orgBilling.orgId, orgId))).toEqual([])
    await expect(startPlanCheckout(database.db, off, { orgId, planId: 'starter', customerEmail: 'a@b.example', successUrl: 'http://x.test', cancelUrl: 'http://x.test' })).rejects.toMatchObject({ statusCode: 409, data: { code: 'billing_disabled' } })
  })
})
