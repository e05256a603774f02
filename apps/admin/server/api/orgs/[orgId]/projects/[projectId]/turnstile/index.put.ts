import { parseInput } from '@flectar/errors'
import { saveTurnstileSettings, turnstileSettingsSchema } from '@flectar/messaging'
import { auditProjectChange, notifySiteChanged } from '@flectar/sites'

// Turnstile on the contact and booking forms: admins only, the secret stored encrypted and
// audited by name only. The site's stored pages are dropped, so forms show the widget (or stop) at once.
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'admin')
  const input = parseInput(turnstileSettingsSchema, await readBody(event))
  return await db.transaction(async (tx) => {
    const { secretsChanged, ...view } = await saveTurnstileSettings(tx, useAccountsEnv().keyRing, scope, input)
    await auditProjectChange(tx, actor, scope, { action: 'turnstile.updated', targetType: 'turnstile_settings', targetId: scope.projectId, metadata: { enabled: view.enabled, siteKey: view.siteKey, secretsChanged } })
    await notifySiteChanged(tx, scope.projectId)
    return view
  })
})
