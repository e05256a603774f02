/** `user@host:port/database`, never the password: safe for logs and error messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : ''
    return `${user}${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`
  }
  catch {
    return '(unparseable DATABASE_URL)'
  }
}
