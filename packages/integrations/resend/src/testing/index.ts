export * from './control'
