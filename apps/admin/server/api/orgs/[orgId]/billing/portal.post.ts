import { openBillingPortal } from '@flectar/billing'

// Owners only: Stripe's customer portal for the organisation (card, invoices, cancelling).
export default defineEventHandler(async (event) => {
  const { org } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'owner')
  const back = `${useServerConfig().ADMIN_URL.replace(/\/$/, '')}/settings/billing`
  return await openBillingPortal(useDatabase().db, useBillingConfig(), org.id, back)
})
