export { assertWithinPlan, planGuard, PlanLimitError, type LimitCheck } from './limits'
export { DEFAULT_PLANS, freePlanOf, LIMIT_LABELS, parsePlans, PLAN_LIMITS, planOf, planSchema, type BillingConfig, type Plan, type PlanLimit } from './plans'
export { applyPlatformStripeEvent, openBillingPortal, startPlanCheckout, type PlanCheckoutRequest, type PlatformEventOutcome } from './platform-stripe'
export { billingOfOrg, usageOf, usageOfOrg, type OrgBillingRow, type Usage } from './usage'
