import { z } from 'zod'
import { startPlanCheckout } from '@flectar/billing'
import { parseInput } from '@flectar/errors'

const bodySchema = z.object({ plan: z.string({ error: 'Choose a plan' }).trim().min(1, 'Choose a plan').max(40) })

// Owners only: a paid plan is a payment. The answer is Stripe's page; the plan changes when
// the platform's webhook says the subscription is active.
export default defineEventHandler(async (event) => {
  const { org, user } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'owner')
  const { plan } = parseInput(bodySchema, await readBody(event))
  const back = `${useServerConfig().ADMIN_URL.replace(/\/$/, '')}/settings/billing`
  return await startPlanCheckout(useDatabase().db, useBillingConfig(), {
    orgId: org.id,
    planId: plan,
    customerEmail: user.email,
    successUrl: `${back}?checkout=done`,
    cancelUrl: `${back}?checkout=cancelled`,
  })
})
