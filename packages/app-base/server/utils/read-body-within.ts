import type { IncomingMessage } from 'node:http'

/**
 * Reads a request body as it arrives and stops at `limit + 1` bytes: the whole body, or
 * undefined when it is larger (the rest is never read, so a huge upload costs at most `limit`
 * bytes of memory). The request is left paused; the caller answers and closes the connection.
 */
export async function readBodyWithin(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return await new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanUp = () => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      cleanUp()
      request.pause()
      chunks.length = 0
      resolve(undefined)
    }
    const onEnd = () => {
      cleanUp()
      resolve(Buffer.concat(chunks, size))
    }
    const onError = (error: Error) => {
      cleanUp()
      reject(error)
    }
    const onAborted = () => onError(new Error('The client aborted the request.'))
    request.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted)
  })
}
