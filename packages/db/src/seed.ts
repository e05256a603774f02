import { eq, sql } from 'drizzle-orm'
import type { Db } from './client'
import { users } from './schema/accounts'
import { memberships, organizations } from './schema/orgs'

export const DEMO_OWNER_EMAIL = 'owner@demo.flectar.localhost'
export const DEMO_ORG_SLUG = 'willow-and-wren'

export interface SeedDemoOptions {
  /** A password hash made by the accounts package; the seed never sees the password. */
  ownerPasswordHash: string
  ownerEmail?: string
}

export interface SeedDemoResult {
  orgId: string
  ownerId: string
  /** False when the demo already existed and nothing was written. */
  created: boolean
}

/**
 * Creates the demo organization and its owner (the demo site itself is added by
 * `seedDemoSite` in @flectar/sites). Idempotent: when the demo exists it changes nothing,
 * including the owner's password.
 */
export async function seedDemo(db: Db, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const email = (options.ownerEmail ?? DEMO_OWNER_EMAIL).toLowerCase()
  return await db.transaction(async (tx) => {
    // Serialise concurrent seeds (two `pnpm dev` starts, parallel tests) on one lock.
    await tx.execute(sql`select pg_advisory_xact_lock(7246310002)`)

    const existing = await tx.query.organizations.findFirst({ where: eq(organizations.slug, DEMO_ORG_SLUG) })
    if (existing) {
      const owner = await tx.query.users.findFirst({ where: sql`lower(${users.email}) = ${email}` })
      return { orgId: existing.id, ownerId: owner?.id ?? '', created: false }
    }

    const owner = await tx.query.users.findFirst({ where: sql`lower(${users.email}) = ${email}` })
      ?? (await tx.insert(users).values({
        email,
        name: 'Alex',
        surname: 'Demo',
        passwordHash: options.ownerPasswordHash,
        emailVerifiedAt: new Date(),
      }).returning())[0]
    const [org] = await tx.insert(organizations).values({ name: 'Willow & Wren', slug: DEMO_ORG_SLUG }).returning()
    if (!owner || !org) throw new Error('seed: insert returned no row')
    await tx.insert(memberships).values({ orgId: org.id, userId: owner.id, role: 'owner' })
    return { orgId: org.id, ownerId: owner.id, created: true }
  })
}
