import { listQuickReplies } from '@flectar/messaging'

export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  return { data: await listQuickReplies(db, scope) }
})
