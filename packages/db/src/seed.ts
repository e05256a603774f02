import { eq, sql } from 'drizzle-orm'
import type { Db } from './client'
import { users } from './schema/accounts'
import { memberships, organizations } from './schema/orgs'
import { pages, projects, type PageContent } from './schema/sites'

export const DEMO_OWNER_EMAIL = 'owner@demo.flectar.localhost'
export const DEMO_PROJECT_SLUG = 'demo'

export interface SeedDemoOptions {
  /** A password hash made by the accounts package; the seed never sees the password. */
  ownerPasswordHash: string
  ownerEmail?: string
}

export interface SeedDemoResult {
  orgId: string
  projectId: string
  ownerId: string
  /** False when the demo already existed and nothing was written. */
  created: boolean
}

const demoHome: PageContent = {
  title: 'Lumen Hair Studio',
  blocks: [
    {
      id: 'hero',
      type: 'hero',
      content: {
        heading: 'Lumen Hair Studio',
        subheading: 'Cuts, colour and care in the heart of the old town. Book online in a minute.',
        ctaLabel: 'Book an appointment',
        ctaHref: '/book',
      },
    },
    {
      id: 'intro',
      type: 'richText',
      content: {
        html: '<p>We are a small team of stylists who take their time. Every visit starts with a consultation, and every product we use is cruelty-free.</p>',
      },
    },
  ],
}

/**
 * Creates the demo organization, its owner and the `demo` project with a published home
 * page. Idempotent: when the demo exists it changes nothing (including the owner's password).
 */
export async function seedDemo(db: Db, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const email = (options.ownerEmail ?? DEMO_OWNER_EMAIL).toLowerCase()
  return await db.transaction(async (tx) => {
    // Serialise concurrent seeds (two `pnpm dev` starts, parallel tests) on one lock.
    await tx.execute(sql`select pg_advisory_xact_lock(7246310002)`)

    const existing = await tx.query.projects.findFirst({ where: eq(projects.slug, DEMO_PROJECT_SLUG) })
    if (existing) {
      const owner = await tx.query.users.findFirst({ where: sql`lower(${users.email}) = ${email}` })
      return { orgId: existing.orgId, projectId: existing.id, ownerId: owner?.id ?? '', created: false }
    }

    const owner = await tx.query.users.findFirst({ where: sql`lower(${users.email}) = ${email}` })
      ?? (await tx.insert(users).values({
        email,
        name: 'Alex',
        surname: 'Demo',
        passwordHash: options.ownerPasswordHash,
        emailVerifiedAt: new Date(),
      }).returning())[0]
    const [org] = await tx.insert(organizations).values({ name: 'Lumen Hair Studio', slug: 'lumen' }).returning()
    if (!owner || !org) throw new Error('seed: insert returned no row')
    await tx.insert(memberships).values({ orgId: org.id, userId: owner.id, role: 'owner' })
    const [project] = await tx.insert(projects).values({
      orgId: org.id,
      name: 'Lumen Hair Studio',
      slug: DEMO_PROJECT_SLUG,
      timeZone: 'Europe/Madrid',
      defaultLocale: 'en',
    }).returning()
    if (!project) throw new Error('seed: insert returned no row')
    await tx.insert(pages).values({
      orgId: org.id,
      projectId: project.id,
      locale: 'en',
      path: '/',
      draft: demoHome,
      published: demoHome,
      publishedAt: new Date(),
    })
    return { orgId: org.id, projectId: project.id, ownerId: owner.id, created: true }
  })
}
