export { createPlan, deletePlan, listPlans, requirePlan, updatePlan, type SubscriptionPlan } from './plans'
export { INTERVAL_LABELS, subscribeSchema, SUBSCRIPTION_INTERVALS, subscriptionPlanSchema, type SubscriptionInterval, type SubscriptionPlanInput } from './schemas'
export {
  applySubscriptionEvent,
  bookingsUsedInPeriod,
  COVERING_STATUSES,
  coverBooking,
  listSubscribers,
  periodStartOf,
  requireSubscription,
  startSubscriptionCheckout,
  subscriberPortal,
  viewSubscription,
  type CustomerSubscription,
  type SubscriptionEnv,
  type SubscriptionEventOutcome,
  type SubscriptionView,
} from './subscriptions'
export { subscriptionToken, subscriptionUrl, verifySubscriptionToken } from './tokens'
