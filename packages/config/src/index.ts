export { loadServerConfig, ConfigError, type ServerConfig } from './load-server-config'
