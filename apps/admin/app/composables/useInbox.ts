import type { ApiAnswer, ProjectApiAnswer } from '~/utils/api-types'

export type InboxAnswer = ApiAnswer<'/api/orgs/:orgId/inbox'>
export type InboxItem = InboxAnswer['data'][number]
export type ConversationDetail = ProjectApiAnswer<'/conversations/:conversationId'>
export type ConversationMessage = ConversationDetail['messages'][number]

export const CHANNEL_LABELS: Record<string, string> = { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', form: 'Contact form', note: 'Note' }
export const CHANNEL_ICONS: Record<string, string> = { email: 'i-lucide-mail', sms: 'i-lucide-message-square-text', whatsapp: 'i-lucide-message-circle', form: 'i-lucide-file-text', note: 'i-lucide-sticky-note' }
export const STATUS_LABELS: Record<string, string> = { queued: 'Queued', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Failed', received: 'Received' }

/** How often an open inbox asks for news: new messages and statuses appear without a reload. */
export const INBOX_REFRESH_MS = 5000

/** Calls `refresh` every few seconds while the tab is visible. */
export function useLiveRefresh(refresh: () => Promise<unknown>) {
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh()
    }, INBOX_REFRESH_MS)
  })
  onBeforeUnmount(() => clearInterval(timer))
}
