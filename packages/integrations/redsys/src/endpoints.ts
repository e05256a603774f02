/**
 * Redsys' own endpoints: `redirect` is where the customer's browser posts the signed form,
 * `rest` is the server-to-server API used for refunds. `test` is the sis-t sandbox.
 */
export const REDSYS_ENDPOINTS = {
  test: {
    redirect: 'https://sis-t.redsys.es:25443/sis/realizarPago',
    rest: 'https://sis-t.redsys.es:25443/sis/rest/trataPeticionREST',
  },
  live: {
    redirect: 'https://sis.redsys.es/sis/realizarPago',
    rest: 'https://sis.redsys.es/sis/rest/trataPeticionREST',
  },
} as const

export type RedsysEnvironment = keyof typeof REDSYS_ENDPOINTS
