import type { InternalApi } from 'nitropack/types'

// Answers are typed by the routes themselves: Nitro infers `$fetch('/api/…')` and
// `useFetch('/api/…')` from the handler's return value when the URL is a literal or a
// template that matches a route. These name them where a prop or a ref needs a type.

/** `/api/orgs/<orgId>/projects/<projectId>`: typed so that `${base}/pages` matches its route. */
export type ProjectApiBase = `/api/orgs/${string}/projects/${string}`

/** What `method` on `route` answers, as the handler returns it (dates as strings). */
export type ApiAnswer<Route extends keyof InternalApi, Method extends string = 'get'> = InternalApi[Route][Method & keyof InternalApi[Route]]

/** The same for a route below a project: `ProjectApiAnswer<'/bookings/services'>`. */
export type ProjectApiAnswer<Path extends string, Method extends string = 'get'> = `/api/orgs/:orgId/projects/:projectId${Path}` extends infer Route extends keyof InternalApi
  ? ApiAnswer<Route, Method>
  : never

/** A project as `GET /api/orgs/:orgId/projects/:projectId` answers it (with its `siteUrl`). */
export type Project = ProjectApiAnswer<''>

/** One row of a route that answers `{ data: [...] }`. */
export type ApiRow<Answer extends { data: readonly unknown[] }> = Answer['data'][number]
