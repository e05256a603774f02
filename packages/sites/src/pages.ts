import { and, asc, desc, eq, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { Actor } from '@flectar/accounts'
import { isUuid } from '@flectar/validation'
import { pageRevisions, pages, projects, type Db, type DbOrTx, type PageContent } from '@flectar/db'
import { ConflictError, InvalidInputError, NotFoundError, parseInput } from '@flectar/errors'
import { validatePageBlocks } from '@flectar/blocks'
import { auditProjectChange } from './audit-project-change'
import type { ProjectScope } from './project-scope'
import { requireProject } from './require-project'
import { pageContentSchema, type createPageSchema, type pageDraftSchema } from './schemas'
import { notifySiteChanged } from './site-changed'
import { withPageInMenu } from './update-navigation'

/** Validates a whole page: its title and SEO here, each block against the registry (paths like `blocks.2.content.title`). */
export function validatePageContent(input: unknown): PageContent {
  const content = parseInput(pageContentSchema, input)
  return { title: content.title, seo: content.seo, blocks: validatePageBlocks(content.blocks) as PageContent['blocks'] }
}

async function requirePage(db: DbOrTx, scope: ProjectScope, pageId: string) {
  await requireProject(db, scope)
  if (!isUuid(pageId)) throw new NotFoundError('Page not found.')
  const [page] = await db.select().from(pages).where(and(eq(pages.id, pageId), eq(pages.projectId, scope.projectId), eq(pages.orgId, scope.orgId)))
  if (!page) throw new NotFoundError('Page not found.')
  return page
}

export async function listPages(db: DbOrTx, scope: ProjectScope) {
  await requireProject(db, scope)
  const rows = await db.select().from(pages).where(eq(pages.projectId, scope.projectId)).orderBy(asc(pages.locale), asc(pages.path))
  return rows.map(page => ({
    id: page.id,
    locale: page.locale,
    path: page.path,
    title: page.draft.title,
    publishedAt: page.publishedAt,
    hasUnpublishedChanges: JSON.stringify(page.draft) !== JSON.stringify(page.published),
    updatedAt: page.updatedAt,
  }))
}

export async function getPage(db: DbOrTx, scope: ProjectScope, pageId: string) {
  return await requirePage(db, scope, pageId)
}

/**
 * A new, unpublished page (audited `page.created`). Another page at the same path and locale is a 409.
 * With `showInMenu`, it is added to its language's header menu, where visitors see it once it is published.
 */
export async function createPage(db: Db, scope: ProjectScope, input: z.input<typeof createPageSchema>, actor: Actor) {
  const project = await requireProject(db, scope)
  const locale = input.locale ?? project.defaultLocale
  if (locale !== project.defaultLocale && !project.extraLocales.includes(locale)) {
    throw new InvalidInputError({ locale: `Add ${locale} to the site's languages first` })
  }
  return await db.transaction(async (tx) => {
    const [page] = await tx.insert(pages).values({
      orgId: scope.orgId,
      projectId: scope.projectId,
      locale,
      path: input.path,
      draft: { title: input.title, blocks: [] },
    }).onConflictDoNothing().returning()
    if (!page) throw new ConflictError(`There is already a page at ${input.path} in ${locale}. Choose another path.`, 'page_path_taken')
    const navigation = input.showInMenu ? withPageInMenu(project, locale, { path: page.path, title: input.title }) : undefined
    if (navigation) await tx.update(projects).set({ navigation, updatedAt: sql`now()` }).where(eq(projects.id, project.id))
    await auditProjectChange(tx, actor, scope, { action: 'page.created', targetType: 'page', targetId: page.id, metadata: { path: page.path, locale: page.locale, addedToMenu: Boolean(navigation) } })
    return page
  })
}

/**
 * Saves the editor's draft. `version` is the draft version the editor loaded; if someone
 * saved in between, the save is refused with 409 so nothing is silently overwritten.
 * Not audited: the editor autosaves every few seconds and visitors see none of it; what
 * reaches them is audited when it is published (`page.published`, its revision keeps the content).
 */
export async function savePageDraft(db: Db, scope: ProjectScope, pageId: string, input: z.output<typeof pageDraftSchema>) {
  const content = validatePageContent(input.content)
  await requirePage(db, scope, pageId)
  const [saved] = await db.update(pages)
    .set({ draft: content, draftVersion: sql`${pages.draftVersion} + 1`, updatedAt: sql`now()` })
    .where(and(eq(pages.id, pageId), eq(pages.draftVersion, input.version)))
    .returning({ draftVersion: pages.draftVersion, updatedAt: pages.updatedAt })
  if (!saved) throw new ConflictError('This page was changed in another window. Reload to see the latest version.', 'stale_draft')
  return saved
}

/** Makes the draft what visitors see, and keeps it as a revision (audited `page.published`). */
export async function publishPage(db: Db, scope: ProjectScope, pageId: string, actor: Actor) {
  return await db.transaction(async (tx) => {
    const page = await requirePage(tx, scope, pageId)
    const content = validatePageContent(page.draft)
    const [published] = await tx.update(pages)
      .set({ published: content, publishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(pages.id, page.id))
      .returning()
    await tx.insert(pageRevisions).values({ orgId: scope.orgId, pageId: page.id, content, createdBy: actor.userId })
    await auditProjectChange(tx, actor, scope, { action: 'page.published', targetType: 'page', targetId: page.id, metadata: { path: page.path, locale: page.locale } })
    // Republished, only this page's markup changed: the other pages' stored bytes stay. A page
    // that was not public may now show in the menus of all of them (resolveSiteChrome).
    await notifySiteChanged(tx, scope.projectId, page.published ? { locale: page.locale, path: page.path } : undefined)
    return published!
  })
}

/** Stops showing the page to visitors, the draft stays (audited `page.unpublished`). */
export async function unpublishPage(db: Db, scope: ProjectScope, pageId: string, actor: Actor) {
  const page = await requirePage(db, scope, pageId)
  await db.transaction(async (tx) => {
    await tx.update(pages).set({ published: null, publishedAt: null, updatedAt: sql`now()` }).where(eq(pages.id, page.id))
    await auditProjectChange(tx, actor, scope, { action: 'page.unpublished', targetType: 'page', targetId: page.id, metadata: { path: page.path, locale: page.locale } })
    await notifySiteChanged(tx, scope.projectId)
  })
}

export async function listPageRevisions(db: DbOrTx, scope: ProjectScope, pageId: string) {
  await requirePage(db, scope, pageId)
  return await db.select({ id: pageRevisions.id, title: sql<string>`${pageRevisions.content}->>'title'`, createdAt: pageRevisions.createdAt, createdBy: pageRevisions.createdBy })
    .from(pageRevisions).where(eq(pageRevisions.pageId, pageId)).orderBy(desc(pageRevisions.createdAt)).limit(50)
}

/** Copies a revision into the draft, publish again to make it live (audited `page.revision_restored`). */
export async function restorePageRevision(db: Db, scope: ProjectScope, pageId: string, revisionId: string, actor: Actor) {
  await requirePage(db, scope, pageId)
  if (!isUuid(revisionId)) throw new NotFoundError('Revision not found.')
  const [revision] = await db.select().from(pageRevisions).where(and(eq(pageRevisions.id, revisionId), eq(pageRevisions.pageId, pageId)))
  if (!revision) throw new NotFoundError('Revision not found.')
  return await db.transaction(async (tx) => {
    const [page] = await tx.update(pages)
      .set({ draft: revision.content, draftVersion: sql`${pages.draftVersion} + 1`, updatedAt: sql`now()` })
      .where(eq(pages.id, pageId)).returning()
    await auditProjectChange(tx, actor, scope, { action: 'page.revision_restored', targetType: 'page', targetId: pageId, metadata: { revisionId } })
    return page!
  })
}

/** Deletes a page other than the home page (audited `page.deleted`). */
export async function deletePage(db: Db, scope: ProjectScope, pageId: string, actor: Actor) {
  const page = await requirePage(db, scope, pageId)
  if (page.path === '/') throw new ConflictError('The home page cannot be deleted. Unpublish it or edit it instead.', 'home_page')
  await db.transaction(async (tx) => {
    await tx.delete(pages).where(eq(pages.id, page.id))
    await auditProjectChange(tx, actor, scope, { action: 'page.deleted', targetType: 'page', targetId: page.id, metadata: { path: page.path, locale: page.locale } })
    await notifySiteChanged(tx, scope.projectId)
  })
}
