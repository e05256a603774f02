import type { H3Event } from 'h3'

export interface UploadedFile {
  filename: string
  bytes: Uint8Array
}

/**
 * The one file in a multipart/form-data body's `field`, or undefined when there is none
 * (or the body is not multipart). The body's size was limited while it streamed in (the
 * route's `bodyLimit` rule, app-base's body-limit middleware).
 */
export async function readUploadedFile(event: H3Event, field: string): Promise<UploadedFile | undefined> {
  const contentType = getRequestHeader(event, 'content-type') ?? ''
  if (!/^multipart\/form-data;/i.test(contentType)) return undefined
  const body = new Uint8Array(await readRawBody(event, false) ?? new Uint8Array())

  // The platform's own multipart parser (undici), as a browser's FormData would be read.
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData().catch(() => undefined)
  const file = form?.get(field)
  if (!file || typeof file === 'string') return undefined
  return { filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
}
