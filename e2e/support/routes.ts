import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from './apps'

interface RouteFile {
  /** `METHOD /path/[param]`; a file without a method in its name is a GET. */
  route: string
  source: string
}

function routeFilesUnder(dir: string, prefix: string): RouteFile[] {
  const root = path.join(repoRoot, dir)
  const found: RouteFile[] = []
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const match = /^(.*?)(?:\.(get|post|put|patch|delete))?\.ts$/.exec(file)
    if (!match) continue
    const route = `${prefix}/${match[1]!.split(path.sep).join('/')}`.replace(/\/index$/, '') || '/'
    found.push({ route: `${(match[2] ?? 'get').toUpperCase()} ${route}`, source: readFileSync(path.join(root, file), 'utf8') })
  }
  return found
}

const SHARED_LAYER: Array<[string, string]> = [['packages/app-base/server/api', '/api']]
const APP_ROOTS: Record<'admin' | 'site', Array<[string, string]>> = {
  admin: [['apps/admin/server/api', '/api'], ...SHARED_LAYER],
  // The site's API and its other server routes (media, sitemap, the tracker, …).
  site: [['apps/site/server/api', '/api'], ['apps/site/server/routes', ''], ...SHARED_LAYER],
}

function routeFilesOf(app: 'admin' | 'site'): RouteFile[] {
  return APP_ROOTS[app].flatMap(([dir, prefix]) => routeFilesUnder(dir, prefix))
}

/** `METHOD /api/path/[param]` for every route file of the admin app and its shared layer. */
export function discoverAdminRoutes(): string[] {
  return routeFilesOf('admin').map(file => file.route).sort()
}

/** The same for every server route of the site app and its shared layer. */
export function discoverSiteRoutes(): string[] {
  return routeFilesOf('site').map(file => file.route).sort()
}

/** The routes of an app whose handler reads a query string. */
export function routesReadingQueries(app: 'admin' | 'site'): string[] {
  return routeFilesOf(app).filter(file => file.source.includes('getQuery(')).map(file => file.route).sort()
}
