import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InvalidStorageKeyError } from './errors'
import { createS3Storage, type S3FileStorage } from './s3'
import { createStorageFromEnv } from './storage-from-env'
import { solidPng } from './test-images'
import { startTestS3Server, TEST_S3_CREDENTIALS, type TestS3Server } from './test-s3-server'

// The real SDK against a real S3-compatible server (s3rver) started here on 127.0.0.1.
describe('S3 storage', () => {
  let server: TestS3Server
  let storage: S3FileStorage

  beforeAll(async () => {
    server = await startTestS3Server()
    storage = createS3Storage({ endpoint: server.endpoint, region: server.region, bucket: server.bucket, forcePathStyle: true, ...TEST_S3_CREDENTIALS })
  })
  afterAll(() => server?.stop())

  it('stores bytes with their content type, reads them back, and deletes them (twice is fine)', async () => {
    const png = solidPng(16)
    await storage.put('media/p1/a1/original.png', png, { contentType: 'image/png' })
    const stored = await storage.get('media/p1/a1/original.png')
    expect(stored?.contentType).toBe('image/png')
    expect(Buffer.from(stored!.bytes)).toEqual(png)

    await storage.put('media/p1/a1/original.png', Buffer.from('%PDF-1.7'), { contentType: 'application/pdf' })
    expect((await storage.get('media/p1/a1/original.png'))?.contentType).toBe('application/pdf')

    await storage.delete('media/p1/a1/original.png')
    expect(await storage.get('media/p1/a1/original.png')).toBeUndefined()
    await expect(storage.delete('media/p1/a1/original.png')).resolves.toBeUndefined()
  })

  it('answers undefined for a missing object and refuses bad keys and content types before any request', async () => {
    expect(await storage.get('nothing/here.png')).toBeUndefined()
    await expect(storage.get('../escape.png')).rejects.toBeInstanceOf(InvalidStorageKeyError)
    await expect(storage.put('a.txt', Buffer.from('x'), { contentType: 'text/html\r\nx-evil: 1' })).rejects.toThrow(/content type/)
    await expect(storage.signedUrl('a.txt', { expiresInSeconds: 8 * 24 * 3600 })).rejects.toThrow(RangeError)
  })

  it('hands out a signed URL that reads the object until it expires; unsigned or tampered URLs are refused', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')
    await storage.put('media/p1/a2/original.pdf', pdf, { contentType: 'application/pdf' })

    const url = await storage.signedUrl('media/p1/a2/original.pdf', { expiresInSeconds: 300 })
    expect(url).toMatch(/X-Amz-Expires=300/)
    const ok = await fetch(url)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('application/pdf')
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(pdf)

    const unsigned = url.split('?')[0]!
    expect((await fetch(unsigned)).status).toBe(403)
    const otherSignature = url.replace(/X-Amz-Signature=([0-9a-f])/, (_, first: string) => `X-Amz-Signature=${first === '0' ? '1' : '0'}`)
    expect((await fetch(otherSignature)).status).toBe(403)
    const longer = url.replace('X-Amz-Expires=300', 'X-Amz-Expires=600000')
    expect((await fetch(longer)).status).toBe(403)
    await storage.put('media/p1/a3/original.pdf', Buffer.from('%PDF-other'), { contentType: 'application/pdf' })
    const otherKey = url.replace('/a2/', '/a3/')
    expect((await fetch(otherKey)).status).toBe(403)

    const shortLived = await storage.signedUrl('media/p1/a2/original.pdf', { expiresInSeconds: 1 })
    await new Promise(resolve => setTimeout(resolve, 2100))
    const expired = await fetch(shortLived)
    expect(expired.status).toBe(403)
    expect(await expired.text()).toContain('Request has expired')
  })

  it('is what createStorageFromEnv picks when S3_BUCKET is set', async () => {
    const fromEnv = createStorageFromEnv({
      STORAGE_DIR: '/nonexistent', S3_BUCKET: server.bucket, S3_ENDPOINT: server.endpoint, S3_REGION: server.region,
      S3_ACCESS_KEY_ID: TEST_S3_CREDENTIALS.accessKeyId, S3_SECRET_ACCESS_KEY: TEST_S3_CREDENTIALS.secretAccessKey, S3_FORCE_PATH_STYLE: true,
    })
    await fromEnv.put('env/check.txt', Buffer.from('via env'), { contentType: 'text/plain' })
    expect(Buffer.from((await storage.get('env/check.txt'))!.bytes).toString()).toBe('via env')
    expect(typeof fromEnv.signedUrl).toBe('function')
  })
})
