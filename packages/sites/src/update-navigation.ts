import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { Actor } from '@flectar/accounts'
import { projects, type Db } from '@flectar/db'
import { InvalidInputError } from '@flectar/errors'
import { auditProjectChange } from './audit-project-change'
import { readSiteNavigation, type SiteNavigation, type updateNavigationSchema } from './navigation-schema'
import type { Project, ProjectScope } from './project-scope'
import { requireProject } from './require-project'
import { notifySiteChanged } from './site-changed'

/** The navigation as the editor shows it: every stored shape read as version 2. */
export async function getNavigation(db: Db, scope: ProjectScope): Promise<SiteNavigation> {
  const project = await requireProject(db, scope)
  return readSiteNavigation(project.navigation, project.defaultLocale)
}

/**
 * Replaces the header menus, footer links and footer details (audited `navigation.updated`);
 * every site instance drops its cached pages. Menus are only for the site's languages.
 */
export async function updateNavigation(db: Db, scope: ProjectScope, input: z.output<typeof updateNavigationSchema>, actor: Actor): Promise<SiteNavigation> {
  const project = await requireProject(db, scope)
  const locales = [project.defaultLocale, ...project.extraLocales]
  const unknown = Object.keys(input.menus).filter(locale => !locales.includes(locale))
  if (unknown.length) throw new InvalidInputError(Object.fromEntries(unknown.map(locale => [`menus.${locale}`, `Add ${locale} to the site's languages first`])))
  const navigation: SiteNavigation = { version: 2, ...input }
  return await db.transaction(async (tx) => {
    await tx.update(projects).set({ navigation, updatedAt: sql`now()` }).where(eq(projects.id, project.id))
    const links = Object.fromEntries(Object.entries(input.menus).map(([locale, menus]) => [locale, { header: menus.header.length, footer: menus.footer.length }]))
    await auditProjectChange(tx, actor, scope, { action: 'navigation.updated', targetType: 'project', targetId: project.id, metadata: { links, social: input.footer.social.map(link => link.network) } })
    await notifySiteChanged(tx, project.id)
    return navigation
  })
}

const MAX_HEADER_LINKS = 12

/**
 * The project's navigation with a link to the page added at the end of the locale's header
 * menu; undefined when the menu links to that page already or is full.
 */
export function withPageInMenu(project: Pick<Project, 'navigation' | 'defaultLocale'>, locale: string, page: { path: string, title: string }): SiteNavigation | undefined {
  const navigation = readSiteNavigation(project.navigation, project.defaultLocale)
  const menus = navigation.menus[locale] ?? { header: [], footer: [] }
  const linked = menus.header.some(item => [item, ...item.children].some(link => link.kind === 'page' && link.path === page.path))
  if (linked || menus.header.length >= MAX_HEADER_LINKS) return undefined
  const item = { id: `p${randomUUID().slice(0, 8)}`, kind: 'page' as const, label: page.title.slice(0, 60).trim(), path: page.path, children: [] }
  return { ...navigation, menus: { ...navigation.menus, [locale]: { ...menus, header: [...menus.header, item] } } }
}
