// oidc-provider (a root devDependency, used only by tests) ships no types; this is the
// little of its API the tests use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  export interface OidcAccount {
    accountId: string
    claims: (use: string, scope: string) => Record<string, unknown> | Promise<Record<string, unknown>>
  }

  export interface ProviderConfiguration {
    findAccount?: (ctx: unknown, id: string) => OidcAccount | undefined | Promise<OidcAccount | undefined>
    [option: string]: unknown
  }

  export default class Provider {
    constructor(issuer: string, configuration?: ProviderConfiguration)
    readonly issuer: string
    callback(): (req: IncomingMessage, res: ServerResponse) => void
    on(event: string, listener: (...args: unknown[]) => void): this
  }
}
