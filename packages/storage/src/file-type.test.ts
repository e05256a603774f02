import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UploadRejectedError } from './errors'
import { assertImageUpload, detectFileType, formatBytes } from './file-type'
import { ONE_PIXEL_GIF, solidPng } from './test-images'

const MB = 1024 * 1024

describe('file types by content', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'flectar-file-type-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  async function fromDisk(name: string, content: Uint8Array | string): Promise<Uint8Array> {
    await writeFile(path.join(dir, name), content)
    return await readFile(path.join(dir, name))
  }

  it('detects a PNG built from bytes, whatever its name', async () => {
    const bytes = await fromDisk('photo.txt', solidPng(4))
    expect(await detectFileType(bytes)).toEqual({ ext: 'png', mime: 'image/png' })
    expect(await assertImageUpload(bytes, { maxBytes: 2 * MB })).toEqual({ ext: 'png', mime: 'image/png' })
  })

  it('accepts a GIF and a JPEG header', async () => {
    expect(await assertImageUpload(await fromDisk('a.gif', ONE_PIXEL_GIF), { maxBytes: MB })).toEqual({ ext: 'gif', mime: 'image/gif' })
    const jpeg = Buffer.concat([Buffer.from([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(64)])
    expect((await assertImageUpload(await fromDisk('a.jpg', jpeg), { maxBytes: MB })).mime).toBe('image/jpeg')
  })

  it('rejects a "png" that is really text, and an SVG', async () => {
    const fake = await fromDisk('avatar.png', 'I am definitely a PNG, trust me.\n')
    expect(await detectFileType(fake)).toBeUndefined()
    await expect(assertImageUpload(fake, { maxBytes: MB })).rejects.toMatchObject({ name: 'UploadRejectedError', reason: 'unsupported_type', message: 'This file is not a PNG, JPEG, WebP, AVIF or GIF image.' })
    const svg = await fromDisk('avatar.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    await expect(assertImageUpload(svg, { maxBytes: MB })).rejects.toBeInstanceOf(UploadRejectedError)
  })

  it('rejects a real file of another type (a PDF named .png)', async () => {
    const pdf = await fromDisk('cv.png', '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')
    expect((await detectFileType(pdf))?.mime).toBe('application/pdf')
    await expect(assertImageUpload(pdf, { maxBytes: MB })).rejects.toMatchObject({ reason: 'unsupported_type' })
  })

  it('rejects an empty file and one over the limit, saying the limit', async () => {
    await expect(assertImageUpload(new Uint8Array(), { maxBytes: MB })).rejects.toMatchObject({ reason: 'empty' })
    const big = Buffer.concat([solidPng(4), Buffer.alloc(2 * MB)])
    await expect(assertImageUpload(big, { maxBytes: 2 * MB })).rejects.toMatchObject({ reason: 'too_large', message: expect.stringContaining('The limit is 2 MB') })
  })

  it('formats sizes for people', () => {
    expect(formatBytes(512)).toBe('512 bytes')
    expect(formatBytes(3 * 1024)).toBe('3 KB')
    expect(formatBytes(2 * MB)).toBe('2 MB')
    expect(formatBytes(2.5 * MB)).toBe('2.5 MB')
    expect(formatBytes(5 * 1024 * MB)).toBe('5 GB')
  })
})
