import { randomUUID } from 'node:crypto'
import type { H3Event } from 'h3'
import { getRequestHeader, setResponseHeader } from 'h3'
import { useServerConfig } from './server-config'

const FORWARDED_ID = /^[\w.:-]{8,128}$/

/**
 * The request's id, the same in its `X-Request-Id` response header, its error body and its log
 * lines: the trusted proxy's (TRUST_PROXY and a sane `X-Request-Id`), else a new UUID.
 */
export function requestIdOf(event: H3Event): string {
  const known = event.context.requestId as string | undefined
  if (known) return known
  const forwarded = useServerConfig().TRUST_PROXY ? getRequestHeader(event, 'x-request-id') : undefined
  const id = forwarded && FORWARDED_ID.test(forwarded) ? forwarded : randomUUID()
  event.context.requestId = id
  setResponseHeader(event, 'x-request-id', id)
  return id
}
