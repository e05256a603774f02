import { and, eq, sql } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import { paymentProviderSettings, type Db, type DbOrTx } from '@flectar/db'
import { InvalidInputError } from '@flectar/errors'
import { mergeSecrets, readStoredSecrets, type KeyRing } from '@flectar/security'
import { auditProjectChange, type ProjectScope } from '@flectar/sites'
import { PAYMENT_PROVIDERS, SECRET_FIELDS, SECRET_REQUIRED_MESSAGES, type PaymentProviderName, type ProviderSettingsInput } from './schemas'

/** What the admin sees of a provider's connection: never a secret, only its last characters. */
export interface ProviderSettingsView {
  provider: PaymentProviderName
  connected: boolean
  enabled: boolean
  /** test / live (Stripe: from its key; PayPal: sandbox / live). */
  environment: string | null
  config: Record<string, string | boolean>
  /** Per secret field: set or not, and its last 4 characters. */
  secrets: Record<string, { set: boolean, endsWith: string | null }>
}

/** A provider's connection with its secrets decrypted: for server code that calls the provider. */
export interface ProviderCredentials {
  enabled: boolean
  config: Record<string, string | boolean>
  secrets: Record<string, string>
}

/**
 * Saves a project's connection to `provider`: the config as given, each secret given replacing
 * the stored one (encrypted with the key ring), each left out kept; a secret missing with none
 * stored is a 422 on its field. Audited without any secret, in the same transaction.
 */
export async function saveProviderSettings<P extends PaymentProviderName>(db: Db, keyRing: KeyRing, scope: ProjectScope, provider: P, input: ProviderSettingsInput[P], actor: Actor): Promise<ProviderSettingsView> {
  return await db.transaction(async (tx) => {
    const [stored] = await tx.select().from(paymentProviderSettings)
      .where(and(eq(paymentProviderSettings.projectId, scope.projectId), eq(paymentProviderSettings.provider, provider))).for('update')
    const secretNames: readonly string[] = SECRET_FIELDS[provider]
    const given = input as Record<string, string | boolean | undefined>
    const { secrets, changed, missing, encrypted, hints } = mergeSecrets(keyRing, stored?.secrets, secretNames, given)
    if (missing.length) throw new InvalidInputError(Object.fromEntries(missing.map(name => [name, SECRET_REQUIRED_MESSAGES[`${provider}.${name}`]!])))

    const config: Record<string, string | boolean> = {}
    for (const [name, value] of Object.entries(given)) {
      if (name !== 'enabled' && !secretNames.includes(name) && value !== undefined) config[name] = value
    }
    // Stripe has no environment setting: its keys say which one they belong to.
    if (provider === 'stripe') config.environment = /^[sr]k_live_/.test(secrets.secretKey!) ? 'live' : 'test'
    const enabled = given.enabled === true
    const row = {
      orgId: scope.orgId,
      projectId: scope.projectId,
      provider,
      enabled,
      config,
      secrets: encrypted,
      secretHints: hints,
    }
    await tx.insert(paymentProviderSettings).values(row).onConflictDoUpdate({
      target: [paymentProviderSettings.projectId, paymentProviderSettings.provider],
      set: { enabled: row.enabled, config: row.config, secrets: row.secrets, secretHints: row.secretHints, updatedAt: sql`now()` },
    })
    await auditProjectChange(tx, actor, scope, {
      action: 'payment_provider.updated',
      targetType: 'payment_provider',
      targetId: provider,
      metadata: { provider, enabled, environment: config.environment ?? null, secretsChanged: changed },
    })
    return viewOf(provider, row)
  })
}

/** Every provider, connected or not, as the admin's payments settings show them. */
export async function listProviderSettings(db: DbOrTx, scope: ProjectScope): Promise<ProviderSettingsView[]> {
  const rows = await db.select().from(paymentProviderSettings)
    .where(and(eq(paymentProviderSettings.orgId, scope.orgId), eq(paymentProviderSettings.projectId, scope.projectId)))
  return PAYMENT_PROVIDERS.map(provider => viewOf(provider, rows.find(row => row.provider === provider)))
}

/** A provider's connection with its secrets, or undefined when the project never connected it. */
export async function loadProviderCredentials(db: DbOrTx, keyRing: KeyRing, projectId: string, provider: PaymentProviderName): Promise<ProviderCredentials | undefined> {
  const [row] = await db.select().from(paymentProviderSettings)
    .where(and(eq(paymentProviderSettings.projectId, projectId), eq(paymentProviderSettings.provider, provider)))
  if (!row) return undefined
  return { enabled: row.enabled, config: row.config, secrets: readStoredSecrets(keyRing, row.secrets) }
}

function viewOf(provider: PaymentProviderName, row: { enabled: boolean, config: Record<string, string | boolean>, secretHints: Record<string, string> } | undefined): ProviderSettingsView {
  const environment = row?.config.environment
  return {
    provider,
    connected: row !== undefined,
    enabled: row?.enabled ?? false,
    environment: typeof environment === 'string' ? environment : null,
    config: row?.config ?? {},
    secrets: Object.fromEntries(SECRET_FIELDS[provider].map(name => [name, { set: Boolean(row?.secretHints[name]), endsWith: row?.secretHints[name] ?? null }])),
  }
}
