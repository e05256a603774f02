import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents, users } from '@flectar/db'
import { createLocalDiskStorage, type FileStorage } from '@flectar/storage'
import { ONE_PIXEL_GIF, solidPng } from '@flectar/storage/testing'
import { AVATAR_MAX_BYTES, getAvatar, getProfile, removeAvatar, setAvatar, updateProfile } from './profile'
import { createSession, listSessions, revokeSession, signOutEverywhereElse } from './sessions'
import { getUserProfile } from './sign-in'
import { createAccountsFixture } from './test-support'

describe('profile and avatar', () => {
  let fixture: Awaited<ReturnType<typeof createAccountsFixture>>
  let user: Awaited<ReturnType<typeof fixture.createVerifiedUser>>
  let other: Awaited<ReturnType<typeof fixture.createVerifiedUser>>
  let root: string
  let storage: FileStorage

  beforeAll(async () => {
    fixture = await createAccountsFixture()
    user = await fixture.createVerifiedUser('profile@example.com')
    other = await fixture.createVerifiedUser('profile-other@example.com')
    root = await mkdtemp(path.join(tmpdir(), 'flectar-avatars-'))
    storage = createLocalDiskStorage({ root })
  })
  afterAll(async () => {
    await fixture.drop()
    await rm(root, { recursive: true, force: true })
  })

  it('updates name, surname and phone, normalising the phone and clearing it when empty', async () => {
    const updated = await updateProfile(fixture.db, fixture.context, user.userId, { name: '  Ana ', surname: 'López', phone: '+34 600 123-456' })
    expect(updated).toMatchObject({ email: 'profile@example.com', name: 'Ana', surname: 'López', phone: '+34600123456', avatarVersion: null })
    expect(await getProfile(fixture.db, user.userId)).toMatchObject({ phone: '+34600123456' })

    // Omitted fields stay; an empty phone clears it.
    await updateProfile(fixture.db, fixture.context, user.userId, { name: 'Ana María' })
    expect(await getProfile(fixture.db, user.userId)).toMatchObject({ name: 'Ana María', surname: 'López', phone: '+34600123456' })
    await updateProfile(fixture.db, fixture.context, user.userId, { name: 'Ana', phone: '' })
    const [row] = await fixture.db.select().from(users).where(eq(users.id, user.userId))
    expect(row!.phone).toBeNull()
  })

  it('refuses a phone that is not + and 7 to 15 digits, and an empty name, naming the field', async () => {
    for (const phone of ['600123456', '+12 34', '+1234567890123456', '+34 abc 123 456']) {
      await expect(updateProfile(fixture.db, fixture.context, user.userId, { name: 'Ana', phone }), phone)
        .rejects.toMatchObject({ statusCode: 422, data: { fields: { phone: expect.stringContaining('country code') } } })
    }
    await expect(updateProfile(fixture.db, fixture.context, user.userId, { name: ' ' })).rejects.toMatchObject({ statusCode: 422, data: { fields: { name: 'Enter your name' } } })
  })

  it('stores an avatar checked by content, serves it back with its type, and replaces the old file', async () => {
    const png = solidPng(16)
    const first = await setAvatar(fixture.db, storage, fixture.context, user.userId, png)
    const [row] = await fixture.db.select().from(users).where(eq(users.id, user.userId))
    expect(row!.avatarKey).toMatch(new RegExp(`^avatars/${user.userId}/[\\w-]+\\.png$`))
    expect(existsSync(path.join(root, row!.avatarKey!))).toBe(true)
    expect(first.avatarVersion).toBe(path.basename(row!.avatarKey!, '.png'))
    expect((await getUserProfile(fixture.db, user.userId))?.avatarVersion).toBe(first.avatarVersion)

    const stored = await getAvatar(fixture.db, storage, user.userId)
    expect(stored?.contentType).toBe('image/png')
    expect(Buffer.from(stored!.bytes)).toEqual(png)

    const second = await setAvatar(fixture.db, storage, fixture.context, user.userId, ONE_PIXEL_GIF)
    expect(second.avatarVersion).not.toBe(first.avatarVersion)
    expect(existsSync(path.join(root, row!.avatarKey!))).toBe(false)
    expect(await readdir(path.join(root, 'avatars', user.userId))).toHaveLength(2) // the GIF and its .meta.json
    expect((await getAvatar(fixture.db, storage, user.userId))?.contentType).toBe('image/gif')
    expect(await getAvatar(fixture.db, storage, other.userId)).toBeUndefined()
  })

  it('refuses text named like an image, an empty file and one over 2 MB, keeping the current avatar', async () => {
    const before = (await getProfile(fixture.db, user.userId)).avatarVersion
    await expect(setAvatar(fixture.db, storage, fixture.context, user.userId, Buffer.from('not really a png')))
      .rejects.toMatchObject({ statusCode: 422, statusMessage: 'This file is not a PNG, JPEG, WebP, AVIF or GIF image.', data: { fields: { avatar: expect.any(String) } } })
    await expect(setAvatar(fixture.db, storage, fixture.context, user.userId, new Uint8Array())).rejects.toMatchObject({ statusCode: 422 })
    await expect(setAvatar(fixture.db, storage, fixture.context, user.userId, Buffer.concat([solidPng(), Buffer.alloc(AVATAR_MAX_BYTES)])))
      .rejects.toMatchObject({ statusCode: 422, statusMessage: expect.stringContaining('The limit is 2 MB') })
    expect((await getProfile(fixture.db, user.userId)).avatarVersion).toBe(before)
    expect(await readdir(path.join(root, 'avatars', user.userId))).toHaveLength(2)
  })

  it('removes the avatar and its file', async () => {
    await removeAvatar(fixture.db, storage, fixture.context, user.userId)
    expect(await getAvatar(fixture.db, storage, user.userId)).toBeUndefined()
    expect(existsSync(path.join(root, 'avatars', user.userId))).toBe(false)
    await expect(removeAvatar(fixture.db, storage, fixture.context, user.userId)).resolves.toBeUndefined()
  })

  it('audits profile, avatar and session changes in the account\'s own log', async () => {
    const actionsOf = async (userId: string) => (await fixture.db.select({ action: auditEvents.action }).from(auditEvents)
      .where(eq(auditEvents.actorUserId, userId))).map(row => row.action)
    expect(await actionsOf(user.userId)).toEqual(expect.arrayContaining(['auth.profile_updated', 'auth.avatar_changed', 'auth.avatar_removed']))
    const [profileRow] = await fixture.db.select().from(auditEvents).where(and(eq(auditEvents.actorUserId, user.userId), eq(auditEvents.action, 'auth.profile_updated')))
    expect(profileRow).toMatchObject({ ipKey: fixture.context.ipKey, metadata: { fields: ['name', 'surname', 'phone'] } })

    const current = await createSession(fixture.db, other.userId, fixture.context)
    const second = await createSession(fixture.db, other.userId, fixture.context)
    await revokeSession(fixture.db, fixture.context, other.userId, second.session.id)
    await expect(revokeSession(fixture.db, fixture.context, user.userId, current.session.id)).rejects.toMatchObject({ statusCode: 404 })
    await expect(revokeSession(fixture.db, fixture.context, other.userId, 'not-a-session')).rejects.toMatchObject({ statusCode: 404 })
    expect(await signOutEverywhereElse(fixture.db, fixture.context, other.userId, current.session.id)).toBeGreaterThan(0)
    expect((await listSessions(fixture.db, other.userId, current.session.id)).map(session => session.id)).toEqual([current.session.id])
    const actions = await actionsOf(other.userId)
    expect(actions.filter(action => action === 'auth.session_revoked')).toHaveLength(1)
    expect(actions.filter(action => action === 'auth.sessions_revoked')).toHaveLength(1)
  })
})
