/** A tab of this project in the admin app (`<ADMIN_URL>/projects/<id>?tab=…`), for owners' emails. */
export function adminProjectUrl(projectId: string, tab: 'bookings'): string {
  return `${useServerConfig().ADMIN_URL.replace(/\/$/, '')}/projects/${projectId}?tab=${tab}`
}

/** A conversation in the admin app's inbox, for owners' emails about a new message. */
export function adminConversationUrl(projectId: string, conversationId: string): string {
  return `${useServerConfig().ADMIN_URL.replace(/\/$/, '')}/inbox?project=${projectId}&conversation=${conversationId}`
}
