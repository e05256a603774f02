import { getProfile } from '@flectar/accounts'

// The signed-in user's name, surname, phone, email and avatar version, and how long a
// deleted account is kept before it is purged (shown on the delete confirmation).
export default defineEventHandler(async (event) => {
  const { user } = await requireAuth(event)
  const profile = await getProfile(useDatabase().db, user.id)
  return { ...profile, accountRetentionDays: useServerConfig().ACCOUNT_RETENTION_DAYS }
})
