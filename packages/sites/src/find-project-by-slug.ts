import { eq } from 'drizzle-orm'
import { projects, type DbOrTx } from '@flectar/db'
import type { Project } from './project-scope'

// Any text a slug could be (the subdomain rule of `projectSlugSchema`, with room for older
// slugs); anything else is not looked up at all.
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/

/** The project a public address names (`<slug>.<platform>`, `/api/v1/projects/<slug>`), or undefined. */
export async function findProjectBySlug(db: DbOrTx, slug: string): Promise<Project | undefined> {
  if (!SLUG.test(slug)) return undefined
  const [project] = await db.select().from(projects).where(eq(projects.slug, slug)).limit(1)
  return project
}
