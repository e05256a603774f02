import { listProviderSettings } from '@flectar/payments'

/** The project's payment providers, connected or not; secrets only as "set" and their last characters. */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'admin')
  return { data: await listProviderSettings(db, scope) }
})
