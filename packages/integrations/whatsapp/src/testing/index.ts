export * from './control'
export * from './webhook-receiver'
