import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import S3rver from 's3rver'

// For tests: a real S3-compatible server (s3rver) on 127.0.0.1, behind a small front that
// checks presigned URLs' SigV4 signatures the way S3 does — s3rver itself checks their
// expiry but not their signature, and serves unsigned reads. Written from AWS's published
// algorithm, independently of the SDK whose URLs it checks.

export const TEST_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const

export interface TestS3Server {
  endpoint: string
  bucket: string
  region: string
  stop: () => Promise<void>
}

const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, char => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
const hmac = (key: string | Buffer, value: string) => createHmac('sha256', key).update(value).digest()

/** True when the request's query carries a valid SigV4 presignature for TEST_S3_CREDENTIALS. */
function hasValidPresignature(req: IncomingMessage): boolean {
  const url = new URL(req.url ?? '/', 'http://front')
  const query = url.searchParams
  const given = query.get('X-Amz-Signature') ?? ''
  const credential = (query.get('X-Amz-Credential') ?? '').split('/')
  const amzDate = query.get('X-Amz-Date') ?? ''
  const signedHeaders = (query.get('X-Amz-SignedHeaders') ?? '').split(';')
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || credential.length !== 5 || credential[0] !== TEST_S3_CREDENTIALS.accessKeyId) return false
  const [, day, region, service] = credential as [string, string, string, string, string]
  const canonicalQuery = [...query.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .sort()
    .join('&')
  const canonicalHeaders = signedHeaders.map(name => `${name}:${String(req.headers[name] ?? '').trim()}\n`).join('')
  const canonicalRequest = [req.method, url.pathname, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD'].join('\n')
  const scope = `${day}/${region}/${service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n')
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${TEST_S3_CREDENTIALS.secretAccessKey}`, day), region), service), 'aws4_request')
  const expected = Buffer.from(hmac(signingKey, stringToSign).toString('hex'))
  return expected.length === given.length && timingSafeEqual(expected, Buffer.from(given))
}

function deny(res: ServerResponse, code: string) {
  res.writeHead(403, { 'content-type': 'application/xml' })
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`)
}

/** Starts s3rver with one bucket in a temporary directory, and the checking front; both on port 0. */
export async function startTestS3Server(bucket = 'flectar-test'): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), 'flectar-s3rver-'))
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] })
  const backend = await s3rver.run()

  const front = createServer((req, res) => {
    const presigned = new URL(req.url ?? '/', 'http://front').searchParams.has('X-Amz-Signature')
    // SDK calls (Authorization header) go through as they are; a bare GET is a private object.
    if (!req.headers.authorization && !presigned) return deny(res, 'AccessDenied')
    if (presigned && !hasValidPresignature(req)) return deny(res, 'SignatureDoesNotMatch')
    const upstream = request({ host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>(resolve => front.listen(0, '127.0.0.1', resolve))
  const { port } = front.address() as AddressInfo

  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    stop: async () => {
      await new Promise(resolve => front.close(resolve))
      await s3rver.close()
      await rm(directory, { recursive: true, force: true })
    },
  }
}
