import { isUuid } from '@flectar/accounts'

/** Route ids are UUIDs; anything else is simply not found (and never reaches SQL as a bad cast). */
export function isUuidParam(value: string | undefined): value is string {
  return typeof value === 'string' && isUuid(value)
}
