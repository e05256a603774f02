export * from './app-error'
export { fieldErrorsFromIssues, parseInput } from './zod-fields'
