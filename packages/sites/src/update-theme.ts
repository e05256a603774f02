import { eq, sql } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import { projects, type Db, type ProjectBranding } from '@flectar/db'
import { auditProjectChange } from './audit-project-change'
import type { ProjectScope } from './project-scope'
import { requireProject } from './require-project'
import { notifySiteChanged } from './site-changed'
import type { UpdateThemeInput } from './theme-schema'

/**
 * Saves the theme, logo and favicon (`updateThemeSchema` has refused colours below WCAG AA),
 * audited `theme.updated`; every site instance drops its cached pages. The social image and
 * other branding are kept.
 */
export async function updateTheme(db: Db, scope: ProjectScope, input: UpdateThemeInput, actor: Actor) {
  const project = await requireProject(db, scope)
  const branding: ProjectBranding = { ...project.branding }
  if (input.logo) branding.logo = { url: input.logo.url, alt: input.logo.alt }
  else delete branding.logo
  if (input.favicon) branding.favicon = { url: input.favicon.url }
  else delete branding.favicon
  return await db.transaction(async (tx) => {
    const [updated] = await tx.update(projects).set({ theme: input.theme, branding, updatedAt: sql`now()` })
      .where(eq(projects.id, project.id)).returning({ theme: projects.theme, branding: projects.branding })
    await auditProjectChange(tx, actor, scope, {
      action: 'theme.updated', targetType: 'project', targetId: project.id,
      metadata: { fonts: [input.theme.typography.heading, input.theme.typography.body], mode: input.theme.mode, logo: Boolean(input.logo), favicon: Boolean(input.favicon) },
    })
    await notifySiteChanged(tx, project.id)
    return updated!
  })
}
