import type { H3Event } from 'h3'

export interface UploadedFile {
  filename: string
  bytes: Uint8Array
}

/**
 * The one file in a multipart/form-data body's `field`, or undefined when there is none
 * (or the body is not multipart). The site has no app-wide body limit, so this route sets
 * its own: a declared or streamed body over `maxBodyBytes` is a 413, never held in memory.
 */
export async function readUploadedFile(event: H3Event, field: string, maxBodyBytes: number): Promise<UploadedFile | undefined> {
  const tooLarge = () => createError({ statusCode: 413, statusMessage: 'Request body too large', message: `The upload is larger than ${Math.round(maxBodyBytes / (1024 * 1024))} MB.` })
  if (Number(getRequestHeader(event, 'content-length')) > maxBodyBytes) throw tooLarge()
  const contentType = getRequestHeader(event, 'content-type') ?? ''
  if (!/^multipart\/form-data;/i.test(contentType)) return undefined

  const body = await new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    const request = event.node.req
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      request.off('data', onData).off('end', onEnd).off('error', onError)
      // Stop buffering but keep the connection readable, so the 413 still reaches the client.
      request.resume()
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBodyBytes) return void chunks.push(chunk)
      stop()
      reject(tooLarge())
    }
    const onEnd = () => resolve(new Uint8Array(Buffer.concat(chunks)))
    const onError = (error: Error) => {
      stop()
      reject(error)
    }
    request.on('data', onData).on('end', onEnd).on('error', onError)
  })

  // The platform's own multipart parser (undici), as a browser's FormData would be read.
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData().catch(() => undefined)
  const file = form?.get(field)
  if (!file || typeof file === 'string') return undefined
  return { filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
}
