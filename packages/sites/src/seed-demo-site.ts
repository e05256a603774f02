import { eq } from 'drizzle-orm'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { projects, type Db } from '@flectar/db'
import { createProject } from './projects'

export const DEMO_PROJECT_SLUG = 'demo'

/** The demo org's site at `demo.<platform domain>`, from the salon template. A no-op when it exists. */
export async function seedDemoSite(db: Db, orgId: string): Promise<{ projectId: string, created: boolean }> {
  const [existing] = await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, DEMO_PROJECT_SLUG))
  if (existing) return { projectId: existing.id, created: false }
  const project = await createProject(db, orgId, {
    name: 'Willow & Wren Hair Studio',
    slug: DEMO_PROJECT_SLUG,
    templateKey: 'salon',
    timeZone: 'Europe/Madrid',
    defaultLocale: 'en',
  }, SYSTEM_ACTOR)
  return { projectId: project.id, created: true }
}
