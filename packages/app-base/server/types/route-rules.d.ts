// `bodyLimit` in a route rule: the most bytes a request body to that route may have (see
// server/middleware/00.body-limit.ts). Both apps set it in their nuxt.config routeRules.
declare module 'nitropack' {
  interface NitroRouteConfig {
    bodyLimit?: number
  }
  interface NitroRouteRules {
    bodyLimit?: number
  }
}
declare module 'nitropack/types' {
  interface NitroRouteConfig {
    bodyLimit?: number
  }
  interface NitroRouteRules {
    bodyLimit?: number
  }
}
export {}
