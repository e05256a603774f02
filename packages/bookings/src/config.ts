// Booking configuration in the admin app: what can be booked, by whom, when, and the
// project's API keys. Every function takes the (orgId, projectId) scope and touches only it.
export * from './config/resources'
export * from './config/closures'
export * from './config/services'
export * from './config/extras'
export * from './config/requirements'
export * from './config/coupons'
export * from './config/api-keys'
export * from './config/schemas'
