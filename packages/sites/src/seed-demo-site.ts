import { eq } from 'drizzle-orm'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { projects, type Db } from '@flectar/db'
import { createProject } from './projects'

export const DEMO_PROJECT_SLUG = 'demo'

/**
 * The demo org's site at `demo.<platform domain>`, from the salon template, published (a new
 * owner's site starts as a draft). Its address is in the city of its time zone, its prices in
 * that country's currency. A no-op when it exists.
 */
export async function seedDemoSite(db: Db, orgId: string): Promise<{ projectId: string, created: boolean }> {
  const [existing] = await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, DEMO_PROJECT_SLUG))
  if (existing) return { projectId: existing.id, created: false }
  const project = await createProject(db, orgId, {
    name: 'Willow & Wren Hair Studio',
    slug: DEMO_PROJECT_SLUG,
    templateKey: 'salon',
    timeZone: 'Europe/Madrid',
    currency: 'EUR',
    defaultLocale: 'en',
    address: 'Calle de Fuencarral 45\n28004 Madrid',
    phone: '+34 910 000 045',
    email: 'hola@willowandwren.example',
  }, SYSTEM_ACTOR, { published: true })
  return { projectId: project.id, created: true }
}
