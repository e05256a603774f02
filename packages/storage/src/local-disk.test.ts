import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InvalidStorageKeyError } from './errors'
import { isValidKey } from './keys'
import { createLocalDiskStorage } from './local-disk'
import { solidPng } from './test-images'

describe('local disk storage', () => {
  let root: string
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'flectar-storage-'))
  })
  afterEach(() => rm(root, { recursive: true, force: true }))

  it('stores bytes under the root with their content type beside them, and reads them back', async () => {
    const storage = createLocalDiskStorage({ root })
    const png = solidPng()
    await storage.put('avatars/u1/a.png', png, { contentType: 'image/png' })

    expect(await readFile(path.join(root, 'avatars/u1/a.png'))).toEqual(png)
    expect(JSON.parse(await readFile(path.join(root, 'avatars/u1/a.png.meta.json'), 'utf8'))).toEqual({ contentType: 'image/png' })
    const stored = await storage.get('avatars/u1/a.png')
    expect(stored?.contentType).toBe('image/png')
    expect(Buffer.from(stored!.bytes)).toEqual(png)
  })

  it('replaces an object written twice', async () => {
    const storage = createLocalDiskStorage({ root })
    await storage.put('docs/x.txt', Buffer.from('one'), { contentType: 'text/plain' })
    await storage.put('docs/x.txt', Buffer.from('two'), { contentType: 'application/json' })
    const stored = await storage.get('docs/x.txt')
    expect(Buffer.from(stored!.bytes).toString()).toBe('two')
    expect(stored!.contentType).toBe('application/json')
  })

  it('answers undefined for a missing object, and a missing sidecar falls back to octet-stream', async () => {
    const storage = createLocalDiskStorage({ root })
    expect(await storage.get('nothing/here.png')).toBeUndefined()
    await writeFile(path.join(root, 'bare.bin'), 'raw')
    expect((await storage.get('bare.bin'))?.contentType).toBe('application/octet-stream')
  })

  it('deletes the object, its sidecar and the directories left empty, and a second delete is fine', async () => {
    const storage = createLocalDiskStorage({ root })
    await storage.put('avatars/u2/a.png', solidPng(), { contentType: 'image/png' })
    await storage.put('avatars/u3/b.png', solidPng(), { contentType: 'image/png' })
    await storage.delete('avatars/u2/a.png')
    expect(await storage.get('avatars/u2/a.png')).toBeUndefined()
    expect(existsSync(path.join(root, 'avatars/u2'))).toBe(false)
    expect(existsSync(path.join(root, 'avatars/u3/b.png'))).toBe(true)
    expect(existsSync(root)).toBe(true)
    await expect(storage.delete('avatars/u2/a.png')).resolves.toBeUndefined()
  })

  it('refuses keys that could escape the root or are not portable', async () => {
    const storage = createLocalDiskStorage({ root: path.join(root, 'inner') })
    await writeFile(path.join(root, 'secret.txt'), 'top secret')
    for (const key of ['../secret.txt', 'a/../../secret.txt', '/etc/passwd', 'a//b', './a', 'a\\..\\b', 'a/b/', '', 'space here.png', 'x.png.meta.json', 'ünï.png', `${'a'.repeat(600)}`]) {
      expect(isValidKey(key), key).toBe(false)
      await expect(storage.get(key), key).rejects.toBeInstanceOf(InvalidStorageKeyError)
      await expect(storage.put(key, Buffer.from('x'), { contentType: 'text/plain' }), key).rejects.toBeInstanceOf(InvalidStorageKeyError)
      await expect(storage.delete(key), key).rejects.toBeInstanceOf(InvalidStorageKeyError)
    }
    expect(await readFile(path.join(root, 'secret.txt'), 'utf8')).toBe('top secret')
    expect(isValidKey('avatars/0b7c/9f-x_1.webp')).toBe(true)
  })

  it('refuses a content type that is not a MIME type', async () => {
    const storage = createLocalDiskStorage({ root })
    await expect(storage.put('a.txt', Buffer.from('x'), { contentType: 'text/html\r\nx-evil: 1' })).rejects.toThrow(/content type/)
  })
})
