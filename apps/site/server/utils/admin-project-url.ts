/** A tab of this project in the admin app (`<ADMIN_URL>/projects/<id>?tab=…`), for owners' emails. */
export function adminProjectUrl(projectId: string, tab: 'bookings' | 'messages'): string {
  return `${useServerConfig().ADMIN_URL.replace(/\/$/, '')}/projects/${projectId}?tab=${tab}`
}
