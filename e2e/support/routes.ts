import { readdirSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from './apps'

/** `METHOD /api/path/[param]` for every route file of the admin app and its shared layer. */
export function discoverAdminRoutes(): string[] {
  const roots = [path.join(repoRoot, 'apps/admin/server/api'), path.join(repoRoot, 'packages/app-base/server/api')]
  const found: string[] = []
  for (const root of roots) {
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      const match = /^(.*?)(?:\.(get|post|put|patch|delete))?\.ts$/.exec(file)
      if (!match) continue
      const route = `/api/${match[1]!.split(path.sep).join('/')}`.replace(/\/index$/, '')
      found.push(`${(match[2] ?? 'get').toUpperCase()} ${route}`)
    }
  }
  return found.sort()
}
