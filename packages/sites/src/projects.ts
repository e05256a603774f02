import { asc, eq, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { Actor } from '@flectar/accounts'
import { pages, projects, type Db, type DbOrTx, type PageContent } from '@flectar/db'
import { ConflictError, InvalidInputError } from '@flectar/errors'
import { validatePageBlocks } from '@flectar/blocks'
import { getTemplate } from '@flectar/templates'
import { auditProjectChange } from './audit-project-change'
import type { ProjectScope } from './project-scope'
import { requireProject } from './require-project'
import type { createProjectSchema, updateProjectSchema } from './schemas'
import { notifySiteChanged } from './site-changed'

/**
 * Creates a project in the org (audited `project.created`). From a template, its pages, theme
 * and navigation are copied and published at once so the new site is live; without one, an
 * empty home page.
 */
export async function createProject(db: Db, orgId: string, input: z.infer<typeof createProjectSchema>, actor: Actor) {
  const template = input.templateKey ? getTemplate(input.templateKey) : undefined
  if (input.templateKey && !template) throw new InvalidInputError({ templateKey: 'Choose one of the templates' })
  return await db.transaction(async (tx) => {
    const [project] = await tx.insert(projects).values({
      orgId,
      name: input.name,
      slug: input.slug,
      timeZone: input.timeZone,
      defaultLocale: input.defaultLocale,
      theme: template?.theme ?? {},
      navigation: template?.navigation ?? { header: [], footer: [] },
      modules: template?.modules ?? [],
      templateKey: template?.key ?? null,
    }).onConflictDoNothing().returning()
    if (!project) throw new ConflictError(`The address ${input.slug} is taken. Choose another one.`, 'slug_taken', { fields: { slug: 'This address is taken' } })

    const templatePages = template?.pages ?? [{ path: '/', title: input.name, blocks: [] }]
    const now = new Date()
    await tx.insert(pages).values(templatePages.map((page) => {
      const content: PageContent = { title: page.title, seo: 'seo' in page ? page.seo : undefined, blocks: validatePageBlocks(page.blocks) as PageContent['blocks'] }
      return { orgId, projectId: project.id, locale: input.defaultLocale, path: page.path, draft: content, published: content, publishedAt: now }
    }))
    await auditProjectChange(tx, actor, { orgId, projectId: project.id }, { action: 'project.created', targetType: 'project', targetId: project.id, metadata: { slug: project.slug, template: project.templateKey } })
    return project
  })
}

export async function listProjects(db: DbOrTx, orgId: string) {
  return await db.select({ id: projects.id, name: projects.name, slug: projects.slug, templateKey: projects.templateKey, createdAt: projects.createdAt })
    .from(projects).where(eq(projects.orgId, orgId)).orderBy(asc(projects.name))
}

/** Changes the settings sent (audited `project.updated`); every site instance reloads the project. */
export async function updateProject(db: Db, scope: ProjectScope, changes: z.infer<typeof updateProjectSchema>, actor: Actor) {
  const project = await requireProject(db, scope)
  if (changes.extraLocales?.includes(project.defaultLocale)) {
    throw new InvalidInputError({ extraLocales: `${project.defaultLocale} is already the main language` })
  }
  return await db.transaction(async (tx) => {
    const [updated] = await tx.update(projects)
      .set({ ...changes, extraLocales: changes.extraLocales ? [...new Set(changes.extraLocales)] : undefined, updatedAt: sql`now()` })
      .where(eq(projects.id, project.id)).returning()
    const fields = Object.entries(changes).filter(([, value]) => value !== undefined).map(([field]) => field)
    await auditProjectChange(tx, actor, scope, { action: 'project.updated', targetType: 'project', targetId: project.id, metadata: { fields } })
    await notifySiteChanged(tx, project.id)
    return updated!
  })
}
