import { loadServerConfig, type ServerConfig } from '@flectar/config'

let config: ServerConfig | undefined

/** The validated environment, read once (see `@flectar/config`). */
export function useServerConfig(): ServerConfig {
  config ??= loadServerConfig(process.env)
  return config
}
