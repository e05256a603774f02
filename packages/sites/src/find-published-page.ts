import { and, eq, isNotNull } from 'drizzle-orm'
import { pages, projects, type Db } from '@flectar/db'

export interface PublishedPage {
  project: { id: string, slug: string, name: string, defaultLocale: string }
  title: string
  locale: string
  blocks: NonNullable<typeof pages.$inferSelect['published']>['blocks']
}

/**
 * The published content visitors see at `path` of the project `slug`, in `locale`
 * (the project's default when omitted). Drafts are never returned.
 */
export async function findPublishedPage(db: Db, options: { slug: string, path: string, locale?: string }): Promise<PublishedPage | undefined> {
  const [row] = await db
    .select({
      project: { id: projects.id, slug: projects.slug, name: projects.name, defaultLocale: projects.defaultLocale },
      locale: pages.locale,
      published: pages.published,
    })
    .from(projects)
    .innerJoin(pages, and(
      eq(pages.projectId, projects.id),
      eq(pages.path, options.path),
      eq(pages.locale, options.locale ?? projects.defaultLocale),
      isNotNull(pages.published),
    ))
    .where(eq(projects.slug, options.slug))
    .limit(1)
  if (!row?.published) return undefined
  return { project: row.project, locale: row.locale, title: row.published.title, blocks: row.published.blocks }
}

/** The project with `slug` (for its 404 page), or undefined. */
export async function findProjectBySlug(db: Db, slug: string) {
  return await db.query.projects.findFirst({
    where: eq(projects.slug, slug),
    columns: { id: true, slug: true, name: true, defaultLocale: true },
  })
}
