import type { projects } from '@flectar/db'

/**
 * Org and project a call works in, for every package: the app has checked the org role, and
 * every query also filters by both ids, so another org's rows are simply not found.
 */
export interface ProjectScope {
  orgId: string
  projectId: string
}

/** A project (site) as stored: what `requireProject` and `findProjectBySlug` return. */
export type Project = typeof projects.$inferSelect
