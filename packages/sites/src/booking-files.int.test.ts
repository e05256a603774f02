import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { organizations } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { createLocalDiskStorage, type FileStorage } from '@flectar/storage'
import { solidPng } from '@flectar/storage/testing'
import { bookingFileName, linkBookingFiles, uploadBookingFile } from './booking-files'
import { findSignedPrivateMedia } from './media-delivery'
import { uploadMedia } from './media'
import { createProject } from './projects'

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')
const secret = 'booking-files-test-secret-booking-files'
const siteOrigin = 'http://files-co.localhost:3001'

describe('files visitors upload for booking questions', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let root: string
  let storage: FileStorage
  let scope: { orgId: string, projectId: string }
  let otherScope: { orgId: string, projectId: string }

  beforeAll(async () => {
    database = await createTestDatabase()
    root = await mkdtemp(path.join(tmpdir(), 'flectar-booking-files-'))
    storage = createLocalDiskStorage({ root })
    const [org, other] = await database.db.insert(organizations).values([{ name: 'Files Co', slug: 'files-co' }, { name: 'Other', slug: 'files-other' }]).returning()
    scope = { orgId: org!.id, projectId: (await createProject(database.db, org!.id, { name: 'Files Co', slug: 'files-co', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)).id }
    otherScope = { orgId: other!.id, projectId: (await createProject(database.db, other!.id, { name: 'Other', slug: 'files-other', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)).id }
  })
  afterAll(async () => {
    await database?.drop()
    await rm(root, { recursive: true, force: true })
  })

  it('stores an image or a PDF privately, with no uploader and a marked name', async () => {
    const photo = await uploadBookingFile(database.db, storage, scope, { filename: 'C:\\Users\\ana\\rash.png', bytes: solidPng(16) })
    expect(photo).toMatchObject({ private: true, createdBy: null, contentType: 'image/png', filename: 'Booking upload - rash.png', width: 16 })
    expect(bookingFileName(photo)).toBe('rash.png')
    const letter = await uploadBookingFile(database.db, storage, scope, { filename: 'referral.pdf', bytes: PDF })
    expect(letter).toMatchObject({ private: true, contentType: 'application/pdf' })
  })

  it('refuses by content, and over 10 MB even for a PDF (the library takes 25 MB)', async () => {
    const upload = (bytes: Uint8Array, filename = 'file.png') => uploadBookingFile(database.db, storage, scope, { filename, bytes })
    await expect(upload(Buffer.from('plain text, renamed'))).rejects.toMatchObject({ statusCode: 422, data: { fields: { file: 'This file is not a PNG, JPEG, WebP, AVIF or GIF image, or a PDF.' } } })
    await expect(upload(new Uint8Array())).rejects.toMatchObject({ statusCode: 422, data: { fields: { file: 'Choose a file to upload.' } } })
    await expect(upload(Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), 'big.pdf')).rejects.toMatchObject({ statusCode: 422, data: { fields: { file: expect.stringContaining('The limit is 10 MB') } } })
  })

  it('links staff to this project\'s private files for five minutes, and to nothing else', async () => {
    const letter = await uploadBookingFile(database.db, storage, scope, { filename: 'letter.pdf', bytes: PDF })
    const publicImage = await uploadMedia(database.db, storage, scope, { filename: 'shop.png', bytes: solidPng(8), alt: 'The shop' }, SYSTEM_ACTOR)
    const foreign = await uploadBookingFile(database.db, storage, otherScope, { filename: 'theirs.pdf', bytes: PDF })
    const now = Date.now()
    const links = await linkBookingFiles(database.db, storage, scope, [letter.id, publicImage.id, foreign.id, 'not-a-uuid'], { siteOrigin, secret, now })
    expect(Object.keys(links)).toEqual([letter.id])
    expect(links[letter.id]).toMatchObject({ name: 'letter.pdf', contentType: 'application/pdf', sizeBytes: PDF.byteLength, expiresInSeconds: 300 })
    const url = new URL(links[letter.id]!.url)
    const request = { projectId: scope.projectId, assetId: letter.id, name: 'original.pdf', expires: url.searchParams.get('expires'), signature: url.searchParams.get('signature') }
    expect(await findSignedPrivateMedia(database.db, storage, secret, { ...request, now })).toMatchObject({ contentType: 'application/pdf' })
    expect(await findSignedPrivateMedia(database.db, storage, secret, { ...request, now: now + 301_000 })).toBeUndefined()
    expect(await linkBookingFiles(database.db, storage, scope, [], { siteOrigin, secret })).toEqual({})
  })
})
