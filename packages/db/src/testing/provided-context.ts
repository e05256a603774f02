// What the integration global setup hands to every test file through `inject()`.
declare module 'vitest' {
  export interface ProvidedContext {
    databaseAdminUrl: string
    databaseTemplate: string
  }
}

export {}
