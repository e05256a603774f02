import { randomBytes } from 'node:crypto'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { users, type Db, type DbOrTx } from '@flectar/db'
import { InvalidInputError, NotFoundError, parseInput } from '@flectar/errors'
import { assertImageUpload, UploadRejectedError, type FileStorage, type StoredObject } from '@flectar/storage'
import { recordAuditEvent } from './audit'
import type { RequestContext } from './context'
import { profileSchema } from './schemas'

export const AVATAR_MAX_BYTES = 2 * 1024 * 1024

export interface ProfileInput {
  name: string
  surname?: string
  /** `+` and 7–15 digits (separators allowed); empty or omitted clears it. */
  phone?: string
}

/**
 * What changes with each new image: the random part of its key. Pages add it to the
 * image URL so a new avatar is fetched at once while the old one stays cached.
 */
export function avatarVersion(avatarKey: string | null): string | null {
  return avatarKey?.split('/').pop()?.replace(/\.\w+$/, '') ?? null
}

/** The signed-in user's editable profile. */
export async function getProfile(db: DbOrTx, userId: string) {
  const [user] = await db.select({ email: users.email, name: users.name, surname: users.surname, phone: users.phone, avatarKey: users.avatarKey })
    .from(users).where(and(eq(users.id, userId), isNull(users.deletedAt)))
  if (!user) throw new NotFoundError('Account not found.')
  const { avatarKey, ...profile } = user
  return { ...profile, phone: profile.phone ?? '', avatarVersion: avatarVersion(avatarKey) }
}

/** Saves name, and surname and phone when given (validated here too: a 422 names the field at fault). Audited. */
export async function updateProfile(db: DbOrTx, context: RequestContext, userId: string, input: ProfileInput) {
  const { name, surname, phone } = parseInput(profileSchema, input)
  await db.transaction(async (tx) => {
    const [updated] = await tx.update(users)
      .set({
        name,
        ...(surname === undefined ? {} : { surname }),
        ...(phone === undefined ? {} : { phone: phone || null }),
        updatedAt: sql`now()`,
      })
      .where(and(eq(users.id, userId), isNull(users.deletedAt)))
      .returning({ id: users.id })
    if (!updated) throw new NotFoundError('Account not found.')
    await recordAuditEvent(tx, context, { action: 'auth.profile_updated', actorUserId: userId, metadata: { fields: Object.keys(input).filter(key => input[key as keyof ProfileInput] !== undefined) } })
  })
  return await getProfile(db, userId)
}

/**
 * Stores a new profile image, checked by its content (PNG, JPEG, WebP, AVIF or GIF, at most
 * 2 MB), at `avatars/<userId>/<random>.<ext>`; the previous file is deleted afterwards.
 */
export async function setAvatar(db: Db, storage: FileStorage, context: RequestContext, userId: string, bytes: Uint8Array) {
  let type
  try {
    type = await assertImageUpload(bytes, { maxBytes: AVATAR_MAX_BYTES })
  }
  catch (error) {
    if (error instanceof UploadRejectedError) throw new InvalidInputError({ avatar: error.message }, error.message)
    throw error
  }
  const key = `avatars/${userId}/${randomBytes(12).toString('base64url')}.${type.ext}`
  await storage.put(key, bytes, { contentType: type.mime })
  const previous = await swapAvatarKey(db, context, userId, key).catch(async (error: unknown) => {
    await storage.delete(key)
    throw error
  })
  if (previous) await storage.delete(previous)
  return { avatarVersion: avatarVersion(key) }
}

/** Removes the profile image, if any. */
export async function removeAvatar(db: Db, storage: FileStorage, context: RequestContext, userId: string) {
  const previous = await swapAvatarKey(db, context, userId, null)
  if (previous) await storage.delete(previous)
}

/** Sets `users.avatarKey` (audited), returning the key it replaced; the row lock orders two uploads. */
async function swapAvatarKey(db: Db, context: RequestContext, userId: string, key: string | null): Promise<string | null> {
  return await db.transaction(async (tx) => {
    const [user] = await tx.select({ avatarKey: users.avatarKey }).from(users)
      .where(and(eq(users.id, userId), isNull(users.deletedAt))).for('update')
    if (!user) throw new NotFoundError('Account not found.')
    await tx.update(users).set({ avatarKey: key, updatedAt: sql`now()` }).where(eq(users.id, userId))
    await recordAuditEvent(tx, context, { action: key ? 'auth.avatar_changed' : 'auth.avatar_removed', actorUserId: userId })
    return user.avatarKey !== key ? user.avatarKey : null
  })
}

/** The user's own profile image (bytes and stored content type), or undefined when none. */
export async function getAvatar(db: DbOrTx, storage: FileStorage, userId: string): Promise<StoredObject | undefined> {
  const [user] = await db.select({ avatarKey: users.avatarKey }).from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
  if (!user?.avatarKey) return undefined
  return await storage.get(user.avatarKey)
}
