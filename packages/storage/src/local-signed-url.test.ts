import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLocalSignedUrl, verifyLocalSignedUrl } from './local-signed-url'
import { createStorageFromEnv } from './storage-from-env'

const secret = 'a-test-secret-that-is-long-enough-to-use'
const key = 'media/p1/a1/original.pdf'
const now = Date.UTC(2026, 10, 22, 12, 0, 0)
const expires = now / 1000 + 300

function parts(url: string) {
  const parsed = new URL(url, 'http://site')
  return { path: parsed.pathname, expires: parsed.searchParams.get('expires') ?? undefined, signature: parsed.searchParams.get('signature') ?? undefined }
}

describe('local signed URLs', () => {
  it('puts the expiry and a signature after the route path', () => {
    const url = createLocalSignedUrl(secret, { key, path: '/media/private/p1/a1/original.pdf', expires })
    expect(url).toMatch(/^\/media\/private\/p1\/a1\/original\.pdf\?expires=\d+&signature=[\w-]{43}$/)
    const { signature } = parts(url)
    expect(verifyLocalSignedUrl(secret, { key, expires: String(expires), signature }, now)).toBe(true)
  })

  it('stops working when it expires, and for any other key, expiry, signature or secret', () => {
    const { signature } = parts(createLocalSignedUrl(secret, { key, path: '/x', expires }))
    expect(verifyLocalSignedUrl(secret, { key, expires: String(expires), signature }, expires * 1000)).toBe(false)
    expect(verifyLocalSignedUrl(secret, { key: 'media/p1/a2/original.pdf', expires: String(expires), signature }, now)).toBe(false)
    expect(verifyLocalSignedUrl(secret, { key, expires: String(expires + 3600), signature }, now)).toBe(false)
    expect(verifyLocalSignedUrl('another-secret-another-secret-another', { key, expires: String(expires), signature }, now)).toBe(false)
    const flipped = `${signature!.slice(0, -1)}${signature!.endsWith('A') ? 'B' : 'A'}`
    expect(verifyLocalSignedUrl(secret, { key, expires: String(expires), signature: flipped }, now)).toBe(false)
  })

  it('refuses malformed input without throwing', () => {
    const { signature } = parts(createLocalSignedUrl(secret, { key, path: '/x', expires }))
    for (const bad of [undefined, '', '-1', '1e12', `${expires}.0`, ['1', '2'], '9'.repeat(20)]) {
      expect(verifyLocalSignedUrl(secret, { key, expires: bad, signature }, now)).toBe(false)
    }
    expect(verifyLocalSignedUrl(secret, { key, expires: String(expires), signature: undefined }, now)).toBe(false)
    expect(verifyLocalSignedUrl(secret, { key, expires: String(expires), signature: 'short' }, now)).toBe(false)
    expect(() => createLocalSignedUrl(secret, { key: '../etc/passwd', path: '/x', expires })).toThrow()
  })

  it('local disk (no S3_BUCKET) has no store-signed URLs: the app signs its own', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'flectar-env-storage-'))
    try {
      const storage = createStorageFromEnv({ STORAGE_DIR: root, S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: false })
      expect(storage.signedUrl).toBeUndefined()
      await storage.put('a/b.txt', Buffer.from('on disk'), { contentType: 'text/plain' })
      expect(Buffer.from((await storage.get('a/b.txt'))!.bytes).toString()).toBe('on disk')
    }
    finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})
