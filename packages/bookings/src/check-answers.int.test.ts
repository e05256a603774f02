import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { mediaAssets, type Db } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { createBookingFromRequest } from './testing/from-request'
import { bookingRequest, failure, NOW, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

const hoursBefore = (instant: Date, hours: number) => new Date(instant.getTime() - hours * 3_600_000)

/** A media row as an upload leaves it (the files themselves do not matter here). */
async function addAsset(db: Db, project: BookingProject, values: { private?: boolean, createdAt?: Date, createdBy?: string | null } = {}) {
  const id = randomUUID()
  const [asset] = await db.insert(mediaAssets).values({
    id, orgId: project.scope.orgId, projectId: project.project.id, storageKey: `media/${project.project.id}/${id}/original.pdf`,
    filename: 'Booking upload - referral.pdf', contentType: 'application/pdf', sizeBytes: 1234,
    private: values.private ?? true, createdBy: values.createdBy ?? null, createdAt: values.createdAt ?? hoursBefore(NOW, 1),
  }).returning()
  return asset!
}

describe('file answers on a real database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let clinic: BookingProject
  let otherClinic: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    clinic = await seedBookingProject(database.db, 'clinic-files')
    otherClinic = await seedBookingProject(database.db, 'clinic-files-other')
  })
  afterAll(() => database.drop())

  async function serviceAskingForAFile() {
    const { service } = await clinic.addService()
    const referral = await clinic.addRequirement({ kind: 'file', label: 'Referral letter', required: true, serviceIds: [service.id] })
    return { service, referral }
  }

  it('books with the id of a file uploaded for this project, stored as a file answer', async () => {
    const { service, referral } = await serviceAskingForAFile()
    const upload = await addAsset(database.db, clinic)
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T10:00:00+01:00', {
      answers: { [referral.id]: upload.id.toUpperCase() },
    }), clinic.env, { source: 'site' })
    expect(booking.status).toBe('confirmed')
    expect(booking.answers).toEqual([{ requirementId: referral.id, label: 'Referral letter', kind: 'file', value: upload.id }])
  })

  it('refuses another project\'s file, an unknown id, a public asset, an old upload or the owner\'s own file, and creates nothing', async () => {
    const { service, referral } = await serviceAskingForAFile()
    const cases: Array<[string, () => Promise<string>]> = [
      ['another project\'s upload', async () => (await addAsset(database.db, otherClinic)).id],
      ['a random uuid', async () => randomUUID()],
      ['a public asset', async () => (await addAsset(database.db, clinic, { private: false })).id],
      ['an upload older than 24 hours', async () => (await addAsset(database.db, clinic, { createdAt: hoursBefore(NOW, 25) })).id],
      ['a private file the owner uploaded', async () => (await addAsset(database.db, clinic, { createdBy: clinic.owner.id })).id],
      ['something that is not an id', async () => 'not-a-file-id'],
    ]
    const before = await clinic.counts()
    for (const [name, answer] of cases) {
      const error = await failure(createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T11:00:00+01:00', {
        answers: { [referral.id]: await answer() },
      }), clinic.env, { source: 'site' }))
      expect(error.statusCode, name).toBe(422)
      expect(error.data.fields, name).toEqual({ [`answers.${referral.id}`]: 'must be a file uploaded for this booking' })
    }
    expect(await clinic.counts()).toEqual(before)
  })

  it('checks every file answer of a booking, and still requires a required file from visitors but not from staff', async () => {
    const { service, referral } = await serviceAskingForAFile()
    const photo = await clinic.addRequirement({ kind: 'file', label: 'Photo of the area', serviceIds: [service.id] })
    const good = await addAsset(database.db, clinic)
    const both = await failure(createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T12:00:00+01:00', {
      answers: { [referral.id]: randomUUID(), [photo.id]: good.id },
    }), clinic.env, { source: 'site' }))
    expect(both.data.fields).toEqual({ [`answers.${referral.id}`]: 'must be a file uploaded for this booking' })

    const missing = await failure(createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T12:00:00+01:00'), clinic.env, { source: 'site' }))
    expect(missing.data.fields).toEqual({ [`answers.${referral.id}`]: 'is required' })

    // On the phone nobody can upload: staff book without the file.
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T12:00:00+01:00'), clinic.env, { source: 'admin', actor: SYSTEM_ACTOR })
    expect(booking.answers).toEqual([])
  })
})
