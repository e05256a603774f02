const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The one id check: a UUID in its 8-4-4-4-12 hex form, any version. Ids come from routes and
 * bodies; anything else is simply not found, and never reaches PostgreSQL as a bad cast (a 500).
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}
