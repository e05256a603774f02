import { createProject, onboardingSchema } from '@flectar/sites'
import { setUpTemplateBookings } from '@flectar/bookings'
import { planGuard } from '@flectar/billing'
import { parseInput } from '@flectar/errors'

// The onboarding wizard's answers, all in one transaction: the site from its template with
// the owner's details, and, for a template with bookings, the owner as the one bookable resource.
export default defineEventHandler(async (event) => {
  const { org, actor, user } = await requireOrgMember(event, getRouterParam(event, 'orgId'), 'admin')
  const input = parseInput(onboardingSchema, await readBody(event))
  const project = await createProject(useDatabase().db, org.id, input, actor, {
    setUpBookings: (tx, created, bookings) => setUpTemplateBookings(tx, created, bookings, user.name || input.name, actor),
    withinPlan: planGuard(useBillingConfig(), org.id, { limit: 'sites' }),
  })
  setResponseStatus(event, 201)
  return project
})
