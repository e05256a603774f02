import { and, eq, isNotNull } from 'drizzle-orm'
import { pages, projectDomains, projects, redirects, type DbOrTx } from '@flectar/db'
import { findProjectBySlug } from './find-project-by-slug'
import { projectSlugFromHost } from './project-slug-from-host'
import type { Project } from './project-scope'

export interface ResolvedHost {
  project: Project
  /** The verified primary custom domain, when the request came in on another host. */
  redirectToHost?: string
  /** A draft site (never published): visitors get "coming soon", crawlers `noindex`, instead of its pages. */
  comingSoon: boolean
}

/** Whether visitors see the site's pages: once its owner has published it (`publishSite`). */
export function isSitePublished(project: Pick<Project, 'sitePublishedAt'>): boolean {
  return project.sitePublishedAt !== null
}

/**
 * The project a Host header belongs to: `<slug>.<platformDomain>`, or a verified custom
 * domain. Requests on a non-primary host of a project with a primary domain are told where to go.
 */
export async function resolveHost(db: DbOrTx, host: string | undefined, platformDomain: string): Promise<ResolvedHost | undefined> {
  const hostname = host?.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '')
  if (!hostname) return undefined
  const slug = projectSlugFromHost(hostname, platformDomain)
  let project: Project | undefined
  if (slug) {
    project = await findProjectBySlug(db, slug)
  }
  else {
    const [row] = await db.select({ project: projects }).from(projectDomains)
      .innerJoin(projects, eq(projects.id, projectDomains.projectId))
      .where(and(eq(projectDomains.hostname, hostname), isNotNull(projectDomains.verifiedAt)))
      .limit(1)
    project = row?.project
  }
  if (!project) return undefined
  const [primary] = await db.select({ hostname: projectDomains.hostname }).from(projectDomains)
    .where(and(eq(projectDomains.projectId, project.id), eq(projectDomains.isPrimary, true), isNotNull(projectDomains.verifiedAt)))
    .limit(1)
  return { project, redirectToHost: primary && primary.hostname !== hostname ? primary.hostname : undefined, comingSoon: !isSitePublished(project) }
}

/** Splits `/es/servicios` into locale `es` and path `/servicios` when `es` is one of the project's extra locales. */
export function localeFromPath(project: Pick<Project, 'defaultLocale' | 'extraLocales'>, path: string): { locale: string, path: string } {
  const [, first, ...rest] = path.split('/')
  if (first && project.extraLocales.includes(first)) return { locale: first, path: `/${rest.join('/')}`.replace(/\/$/, '') || '/' }
  return { locale: project.defaultLocale, path: path.replace(/\/$/, '') || '/' }
}

/** The published page at a path and locale, or undefined (drafts are never returned). */
export async function findPublishedPageOf(db: DbOrTx, projectId: string, locale: string, path: string) {
  const [page] = await db.select({ id: pages.id, published: pages.published, publishedAt: pages.publishedAt }).from(pages)
    .where(and(eq(pages.projectId, projectId), eq(pages.locale, locale), eq(pages.path, path), isNotNull(pages.published)))
    .limit(1)
  return page?.published ? { id: page.id, content: page.published, publishedAt: page.publishedAt! } : undefined
}

export async function findRedirect(db: DbOrTx, projectId: string, path: string) {
  const [redirect] = await db.select({ toPath: redirects.toPath, statusCode: redirects.statusCode }).from(redirects)
    .where(and(eq(redirects.projectId, projectId), eq(redirects.fromPath, path))).limit(1)
  return redirect
}

/** Every published page of the project, for the sitemap (with its other-locale alternates). */
export async function listPublishedPages(db: DbOrTx, projectId: string) {
  return await db.select({ locale: pages.locale, path: pages.path, publishedAt: pages.publishedAt, noindex: pages.published })
    .from(pages).where(and(eq(pages.projectId, projectId), isNotNull(pages.published)))
}
