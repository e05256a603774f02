import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookings, mediaAssets } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { uploadBookingFile } from '@flectar/sites'
import { createLocalDiskStorage, type FileStorage } from '@flectar/storage'
import { solidPng } from '@flectar/storage/testing'
import { purgeUnusedBookingFiles } from './purge-unused-booking-files'
import { seedBookingProject, type BookingProject } from './testing/seed-booking-project'

describe('purgeUnusedBookingFiles: visitors\' uploads no booking names', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let root: string
  let storage: FileStorage
  let clinic: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    root = await mkdtemp(path.join(tmpdir(), 'flectar-booking-purge-'))
    storage = createLocalDiskStorage({ root })
    clinic = await seedBookingProject(database.db, 'clinic-purge')
  })
  afterAll(async () => {
    await database?.drop()
    await rm(root, { recursive: true, force: true })
  })

  /** A confirmed booking of `project` whose file answer names `assetId`. */
  async function bookingNaming(project: BookingProject, assetId: string, start: string) {
    const resource = await project.addResource({ name: 'Room', timeZone: 'UTC' })
    const startsAt = new Date(start)
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000)
    await database.db.insert(bookings).values({
      ...project.scope, resourceId: resource.id, startsAt, endsAt, blocked: { start: startsAt, end: endsAt }, status: 'confirmed',
      answers: [{ requirementId: '00000000-0000-4000-8000-000000000001', label: 'Photo', kind: 'file', value: assetId }],
    })
  }

  it('deletes uploads no booking names after 48 hours, keeping those a booking answers with', async () => {
    const used = await uploadBookingFile(database.db, storage, clinic.scope, { filename: 'used.png', bytes: solidPng(8) })
    const abandoned = await uploadBookingFile(database.db, storage, clinic.scope, { filename: 'left.png', bytes: solidPng(8) })
    await bookingNaming(clinic, used.id, '2026-12-01T10:00:00Z')
    const stillIn = async () => (await database.db.select({ id: mediaAssets.id }).from(mediaAssets).where(eq(mediaAssets.projectId, clinic.scope.projectId))).map(row => row.id).sort()
    const soon = new Date(abandoned.createdAt.getTime() + 47 * 3_600_000)
    expect(await purgeUnusedBookingFiles(database.db, storage, soon)).toBe(0)
    const later = new Date(abandoned.createdAt.getTime() + 49 * 3_600_000)
    // Earlier tests' uploads are unnamed too and go with it.
    expect(await purgeUnusedBookingFiles(database.db, storage, later)).toBeGreaterThanOrEqual(1)
    expect(await stillIn()).toContain(used.id)
    expect(await stillIn()).not.toContain(abandoned.id)
    expect(await storage.get(abandoned.storageKey)).toBeUndefined()
    expect(await storage.get(used.storageKey)).toBeDefined()
    expect(await purgeUnusedBookingFiles(database.db, storage, later)).toBe(0)
  })

  it('keeps a file only for a booking of its own project', async () => {
    const other = await seedBookingProject(database.db, 'clinic-purge-other')
    const upload = await uploadBookingFile(database.db, storage, clinic.scope, { filename: 'mine.png', bytes: solidPng(8) })
    await bookingNaming(other, upload.id, '2026-12-02T10:00:00Z')
    expect(await purgeUnusedBookingFiles(database.db, storage, new Date(upload.createdAt.getTime() + 49 * 3_600_000))).toBe(1)
    expect(await storage.get(upload.storageKey)).toBeUndefined()
  })
})
