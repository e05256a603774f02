import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { Actor } from '@flectar/accounts'
import { pages, projects, type Db, type DbOrTx, type PageContent, type ProjectBusiness } from '@flectar/db'
import { ConflictError, InvalidInputError, parseInput } from '@flectar/errors'
import { validatePageBlocks, type Template } from '@flectar/blocks'
import { EXAMPLE_BUSINESS, instantiateTemplate } from '@flectar/templates'
import { auditProjectChange } from './audit-project-change'
import type { ProjectScope } from './project-scope'
import { requireProject } from './require-project'
import { createProjectSchema, type updateProjectSchema } from './schemas'
import { notifySiteChanged } from './site-changed'

export type CreatedProject = typeof projects.$inferSelect

/** A template's services and opening hours (`templateBookingsSchema` of `@flectar/blocks`). */
export type TemplateBookings = NonNullable<Template['bookings']>

/** What a template with bookings sets up, in the creation's transaction (`setUpTemplateBookings` of `@flectar/bookings`). */
export type SetUpBookings = (tx: DbOrTx, project: CreatedProject, bookings: TemplateBookings, actor: Actor) => Promise<void>

export interface CreateProjectOptions {
  /** Live at once, skipping the draft's "coming soon" (the seeded demo, tools and tests). */
  published?: boolean
  /** Creates the template's services and the owner's hours; without it a template's bookings are left to set up by hand. */
  setUpBookings?: SetUpBookings
  /** Refuses the site in its transaction when the organisation's plan allows no more. */
  withinPlan?: (tx: DbOrTx) => Promise<void>
}

/**
 * Creates a project in the org, in one transaction (audited `project.created`). From a
 * template: its pages filled with the owner's details (`instantiateTemplate`) and published,
 * its theme, navigation and modules, and — through `setUpBookings` — what can be booked.
 * Without one, an empty home page. The site stays a draft ("coming soon" to visitors) until
 * `publishSite`.
 */
export async function createProject(db: Db, orgId: string, answers: z.input<typeof createProjectSchema>, actor: Actor, options: CreateProjectOptions = {}) {
  const input = parseInput(createProjectSchema, answers)
  const business: ProjectBusiness = { address: input.address, phone: input.phone, email: input.email }
  // A site created without the owner's details (a blank site, tests) says "your street", never someone else's.
  const template = input.templateKey
    ? instantiateTemplate(input.templateKey, {
        name: input.name,
        address: input.address ?? EXAMPLE_BUSINESS.address,
        phone: input.phone ?? EXAMPLE_BUSINESS.phone,
        email: input.email ?? EXAMPLE_BUSINESS.email,
        currency: input.currency,
        locale: input.defaultLocale,
      })
    : undefined
  if (input.templateKey && !template) throw new InvalidInputError({ templateKey: 'Choose one of the templates' })
  return await db.transaction(async (tx) => {
    await options.withinPlan?.(tx)
    const [project] = await tx.insert(projects).values({
      orgId,
      name: input.name,
      slug: input.slug,
      timeZone: input.timeZone,
      defaultLocale: input.defaultLocale,
      extraLocales: [...new Set(input.extraLocales)].filter(locale => locale !== input.defaultLocale),
      currency: input.currency,
      business,
      sitePublishedAt: options.published ? sql`now()` : null,
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
    if (template?.bookings && options.setUpBookings) await options.setUpBookings(tx, project, template.bookings, actor)
    return project
  })
}

/**
 * Makes a draft site public (audited `project.published`): visitors get its pages instead of
 * "coming soon", search engines may index it. Publishing again changes nothing.
 */
export async function publishSite(db: Db, scope: ProjectScope, actor: Actor) {
  const project = await requireProject(db, scope)
  if (project.sitePublishedAt) return project
  return await db.transaction(async (tx) => {
    const [published] = await tx.update(projects).set({ sitePublishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(projects.id, project.id), isNull(projects.sitePublishedAt))).returning()
    if (!published) return await requireProject(tx, scope)
    await auditProjectChange(tx, actor, scope, { action: 'project.published', targetType: 'project', targetId: project.id, metadata: { slug: project.slug } })
    await notifySiteChanged(tx, project.id)
    return published
  })
}

export async function listProjects(db: DbOrTx, orgId: string) {
  return await db.select({ id: projects.id, name: projects.name, slug: projects.slug, templateKey: projects.templateKey, sitePublishedAt: projects.sitePublishedAt, createdAt: projects.createdAt })
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
