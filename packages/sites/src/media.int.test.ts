import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { mediaAssets, organizations } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { createLocalDiskStorage, makeImageVariants, readImageSize, type FileStorage } from '@flectar/storage'
import { solidPng } from '@flectar/storage/testing'
import { deleteMedia, listMedia, updateMediaAlt, uploadMedia } from './media'
import { findPublicMedia, findSignedPrivateMedia, presentMediaAsset } from './media-delivery'
import { createProject } from './projects'

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')
const secret = 'media-int-test-secret-media-int-test-secret'
const siteOrigin = 'http://media-co.localhost:3001'

describe('the media library on a real database, with files on local disk', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let root: string
  let storage: FileStorage
  let scope: { orgId: string, projectId: string }
  let otherOrgId: string
  let otherProjectScope: { orgId: string, projectId: string }

  beforeAll(async () => {
    database = await createTestDatabase()
    root = await mkdtemp(path.join(tmpdir(), 'flectar-media-'))
    storage = createLocalDiskStorage({ root })
    const [org, other] = await database.db.insert(organizations).values([{ name: 'Media Co', slug: 'media-co' }, { name: 'Other', slug: 'other-media' }]).returning()
    otherOrgId = other!.id
    const project = await createProject(database.db, org!.id, { name: 'Media Co', slug: 'media-co', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    const second = await createProject(database.db, org!.id, { name: 'Second', slug: 'media-second', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    scope = { orgId: org!.id, projectId: project.id }
    otherProjectScope = { orgId: org!.id, projectId: second.id }
  })
  afterAll(async () => {
    await database?.drop()
    await rm(root, { recursive: true, force: true })
  })

  async function filesOf(assetId: string): Promise<string[]> {
    const dir = path.join(root, 'media', scope.projectId, assetId)
    return existsSync(dir) ? (await readdir(dir)).sort() : []
  }

  it('stores a public image with its alt text, the original and WebP widths that never enlarge it', async () => {
    const asset = await uploadMedia(database.db, storage, scope, { filename: 'C:\\photos\\salon front.png', bytes: solidPng(1200), alt: ' The salon from the street ' }, SYSTEM_ACTOR)
    expect(asset).toMatchObject({ filename: 'salon front.png', contentType: 'image/png', width: 1200, height: 1200, alt: 'The salon from the street', private: false, storageKey: `media/${scope.projectId}/${asset.id}/original.png` })
    expect(await filesOf(asset.id)).toEqual(['1200.webp', '1200.webp.meta.json', '480.webp', '480.webp.meta.json', '960.webp', '960.webp.meta.json', 'original.png', 'original.png.meta.json'])

    const medium = await findPublicMedia(database.db, storage, { projectId: scope.projectId, assetId: asset.id, variant: '960' })
    expect(medium?.contentType).toBe('image/webp')
    expect((await readImageSize(medium!.bytes)).width).toBe(960)
    const large = await findPublicMedia(database.db, storage, { projectId: scope.projectId, assetId: asset.id, variant: '1920' })
    expect((await readImageSize(large!.bytes)).width).toBe(1200)
    const original = await findPublicMedia(database.db, storage, { projectId: scope.projectId, assetId: asset.id, variant: 'original' })
    expect(original?.contentType).toBe('image/png')
    for (const variant of ['961', '0960', 'big', undefined]) {
      expect(await findPublicMedia(database.db, storage, { projectId: scope.projectId, assetId: asset.id, variant })).toBeUndefined()
    }
    expect(await findPublicMedia(database.db, storage, { projectId: otherProjectScope.projectId, assetId: asset.id, variant: '960' })).toBeUndefined()

    const presented = await presentMediaAsset(storage, asset, { siteOrigin, secret })
    expect(presented).toMatchObject({ kind: 'image', path: `/media/${scope.projectId}/${asset.id}/960`, url: `${siteOrigin}/media/${scope.projectId}/${asset.id}/960`, thumbnailUrl: `${siteOrigin}/media/${scope.projectId}/${asset.id}/480` })
  })

  it('requires alt text for a public image (422 on alt) and stores nothing', async () => {
    for (const alt of [undefined, '', '   ']) {
      await expect(uploadMedia(database.db, storage, scope, { filename: 'a.png', bytes: solidPng(16), alt }, SYSTEM_ACTOR))
        .rejects.toMatchObject({ statusCode: 422, data: { fields: { alt: expect.stringContaining('Describe the image') } } })
    }
    await expect(uploadMedia(database.db, storage, scope, { filename: 'a.png', bytes: solidPng(16), alt: 'x'.repeat(301) }, SYSTEM_ACTOR))
      .rejects.toMatchObject({ statusCode: 422, data: { fields: { alt: expect.any(String) } } })
    expect((await listMedia(database.db, scope)).every(asset => asset.alt !== '')).toBe(true)
  })

  it('decides the type by content, keeps PDFs private, and enforces the size limits', async () => {
    const reject = (bytes: Uint8Array, options: { private?: boolean, filename?: string } = {}) =>
      uploadMedia(database.db, storage, scope, { filename: options.filename ?? 'file.png', bytes, alt: 'Something', private: options.private }, SYSTEM_ACTOR)
    await expect(reject(Buffer.from('I am a PNG, honest'))).rejects.toMatchObject({ statusCode: 422, data: { fields: { file: 'This file is not a PNG, JPEG, WebP, AVIF or GIF image, or a PDF.' } } })
    await expect(reject(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), { filename: 'logo.svg' })).rejects.toMatchObject({ statusCode: 422 })
    await expect(reject(new Uint8Array())).rejects.toMatchObject({ statusCode: 422, data: { fields: { file: 'Choose a file to upload.' } } })
    await expect(reject(PDF, { filename: 'menu.png' })).rejects.toMatchObject({ statusCode: 422, data: { fields: { file: expect.stringContaining('private') } } })
    await expect(reject(Buffer.concat([solidPng(4), Buffer.alloc(10 * 1024 * 1024)]))).rejects.toMatchObject({ statusCode: 422, data: { fields: { file: expect.stringContaining('The limit is 10 MB') } } })
    await expect(reject(Buffer.concat([PDF, Buffer.alloc(25 * 1024 * 1024)]), { private: true })).rejects.toMatchObject({ statusCode: 422, data: { fields: { file: expect.stringContaining('The limit is 25 MB') } } })

    const pdf = await uploadMedia(database.db, storage, scope, { filename: 'price list.png', bytes: Buffer.concat([PDF, Buffer.alloc(12 * 1024 * 1024)]), private: true }, SYSTEM_ACTOR)
    expect(pdf).toMatchObject({ contentType: 'application/pdf', private: true, width: null, alt: '', storageKey: `media/${scope.projectId}/${pdf.id}/original.pdf` })
    expect(await filesOf(pdf.id)).toEqual(['original.pdf', 'original.pdf.meta.json'])
  })

  it('reaches private files only through a signed link that expires and cannot be altered', async () => {
    const asset = await uploadMedia(database.db, storage, scope, { filename: 'contract.pdf', bytes: PDF, private: true }, SYSTEM_ACTOR)
    expect(await findPublicMedia(database.db, storage, { projectId: scope.projectId, assetId: asset.id, variant: 'original' })).toBeUndefined()

    const now = Date.now()
    const presented = await presentMediaAsset(storage, asset, { siteOrigin, secret, now })
    expect(presented).toMatchObject({ kind: 'file', path: null, thumbnailUrl: null, urlExpiresInSeconds: 300 })
    const url = new URL(presented.url)
    expect(url.origin).toBe(siteOrigin)
    expect(url.pathname).toBe(`/media/private/${scope.projectId}/${asset.id}/original.pdf`)
    const request = { projectId: scope.projectId, assetId: asset.id, name: 'original.pdf', expires: url.searchParams.get('expires'), signature: url.searchParams.get('signature') }

    const served = await findSignedPrivateMedia(database.db, storage, secret, { ...request, now })
    expect(served).toMatchObject({ contentType: 'application/pdf', filename: 'contract.pdf' })
    expect(Buffer.from(served!.bytes)).toEqual(PDF)
    expect(await findSignedPrivateMedia(database.db, storage, secret, { ...request, now: now + 301_000 })).toBeUndefined()
    expect(await findSignedPrivateMedia(database.db, storage, secret, { ...request, signature: `${request.signature!.slice(0, -2)}xx`, now })).toBeUndefined()
    expect(await findSignedPrivateMedia(database.db, storage, secret, { ...request, expires: String(Number(request.expires) + 3600), now })).toBeUndefined()
    expect(await findSignedPrivateMedia(database.db, storage, 'another-secret-another-secret-another', { ...request, now })).toBeUndefined()
    expect(await findSignedPrivateMedia(database.db, storage, secret, { ...request, projectId: otherProjectScope.projectId, now })).toBeUndefined()
    expect(await findSignedPrivateMedia(database.db, storage, secret, { ...request, name: '../../../etc/passwd', now })).toBeUndefined()
  })

  it('deletes the stored files again when the row cannot be written', async () => {
    const before = await listMedia(database.db, scope)
    const error = await uploadMedia(database.db, storage, scope, { filename: 'a.png', bytes: solidPng(600), alt: 'A square' }, { ...SYSTEM_ACTOR, userId: randomUUID() }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(Error)
    expect(await listMedia(database.db, scope)).toHaveLength(before.length)
    const dirs = await readdir(path.join(root, 'media', scope.projectId))
    expect(dirs.sort()).toEqual(before.map(asset => asset.id).sort())
  })

  it('edits alt text (a public image cannot lose it) and deletes an asset with its files', async () => {
    const asset = await uploadMedia(database.db, storage, scope, { filename: 'team.webp', bytes: (await makeImageVariants(solidPng(700))).variants.at(-1)!.bytes, alt: 'Our team' }, SYSTEM_ACTOR)
    expect((await updateMediaAlt(database.db, scope, asset.id, '  The whole team  ', SYSTEM_ACTOR)).alt).toBe('The whole team')
    await expect(updateMediaAlt(database.db, scope, asset.id, ' ', SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 422, data: { fields: { alt: expect.any(String) } } })
    expect(await filesOf(asset.id)).toContain('700.webp')

    expect(await deleteMedia(database.db, storage, scope, asset.id, SYSTEM_ACTOR)).toEqual({ undeletedKeys: [] })
    expect(await filesOf(asset.id)).toEqual([])
    expect(existsSync(path.join(root, 'media', scope.projectId, asset.id))).toBe(false)
    await expect(deleteMedia(database.db, storage, scope, asset.id, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
  })

  it('keeps other orgs and projects out: their scope, or an asset id of another project, is not found', async () => {
    const asset = await uploadMedia(database.db, storage, scope, { filename: 'mine.png', bytes: solidPng(32), alt: 'Mine' }, SYSTEM_ACTOR)
    const foreign = { orgId: otherOrgId, projectId: scope.projectId }
    await expect(listMedia(database.db, foreign)).rejects.toMatchObject({ statusCode: 404 })
    await expect(uploadMedia(database.db, storage, foreign, { filename: 'spy.png', bytes: solidPng(8), alt: 'Spy' }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
    await expect(uploadMedia(database.db, storage, foreign, { filename: '', bytes: new Uint8Array() }, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
    await expect(updateMediaAlt(database.db, foreign, asset.id, 'Stolen', SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
    await expect(deleteMedia(database.db, storage, foreign, asset.id, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
    await expect(updateMediaAlt(database.db, otherProjectScope, asset.id, 'Stolen', SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
    await expect(deleteMedia(database.db, storage, otherProjectScope, asset.id, SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
    await expect(updateMediaAlt(database.db, scope, 'not-a-uuid', 'x', SYSTEM_ACTOR)).rejects.toMatchObject({ statusCode: 404 })
    expect(await listMedia(database.db, otherProjectScope)).toEqual([])

    const [row] = await database.db.select().from(mediaAssets).where(eq(mediaAssets.id, asset.id))
    expect(row?.alt).toBe('Mine')
    expect(await filesOf(asset.id)).toContain('original.png')
  })
})
