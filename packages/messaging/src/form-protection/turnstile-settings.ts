import { and, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { messagingChannelSettings, type DbOrTx } from '@flectar/db'
import { InvalidInputError } from '@flectar/errors'
import { mergeSecrets, readStoredSecrets, type KeyRing } from '@flectar/security'
import { TURNSTILE_TEST_KEYS } from '@flectar/turnstile'
import type { ProjectScope } from '../conversations/customers'

// Turnstile keys live beside the messaging channels' connections (one table of per-project
// provider settings with encrypted secrets, P12): the channel 'turnstile', config `{ siteKey }`,
// secrets `{ secretKey }`. No routing key: nothing inbound names a project by them.
const CHANNEL = 'turnstile'
const SECRET_FIELDS = ['secretKey'] as const

// Cloudflare's keys are `0x…` (the test ones `1x…`, `2x…`, `3x…`): letters, digits, - and _.
const KEY = /^[\w-]+$/

/** What Settings › Spam protection saves: a PUT replaces it; a secret left out keeps the stored one. */
export const turnstileSettingsSchema = z.object({
  enabled: z.boolean({ error: 'Choose on or off' }),
  siteKey: z.string({ error: 'Enter the site key' }).trim().min(1, 'Enter the site key').max(100, 'A site key has fewer than 100 characters')
    .regex(KEY, 'Paste the site key as Cloudflare shows it: letters, digits, - and _'),
  secretKey: z.string({ error: 'Enter the secret key' }).trim().min(1, 'Enter the secret key').max(200, 'A secret key has fewer than 200 characters')
    .regex(KEY, 'Paste the secret key as Cloudflare shows it: letters, digits, - and _').optional(),
})
export type TurnstileSettingsInput = z.output<typeof turnstileSettingsSchema>

/** Cloudflare's always-passing test keys: they work on localhost and protect nothing. */
export const TURNSTILE_DEV_KEYS = { siteKey: TURNSTILE_TEST_KEYS.sitekeyPasses, secretKey: TURNSTILE_TEST_KEYS.secretPasses } as const

/** The settings as the admin shows them: the secret only by its last characters. */
export interface TurnstileSettingsView {
  configured: boolean
  enabled: boolean
  siteKey: string | null
  secretKey: { set: boolean, endsWith: string | null }
}

/** A project's keys, with the secret, for the site's own siteverify call. */
export interface TurnstileKeys {
  siteKey: string
  secretKey: string
}

const ofProject = (projectId: string) => and(eq(messagingChannelSettings.projectId, projectId), eq(messagingChannelSettings.channel, CHANNEL))

/**
 * Saves a project's Turnstile keys: a secret given replaces the stored one (encrypted), one left
 * out is kept; with none stored it is a 422 on `secretKey`. Returns the view and whether the
 * secret changed (for the caller's audit row, in the same transaction).
 */
export async function saveTurnstileSettings(tx: DbOrTx, keyRing: KeyRing, scope: ProjectScope, input: TurnstileSettingsInput): Promise<TurnstileSettingsView & { secretsChanged: string[] }> {
  const [stored] = await tx.select().from(messagingChannelSettings).where(ofProject(scope.projectId)).for('update')
  const { changed, missing, encrypted, hints } = mergeSecrets(keyRing, stored?.secrets, SECRET_FIELDS, input)
  if (missing.length) throw new InvalidInputError({ secretKey: 'Enter the secret key once; it is stored encrypted and never shown again' })
  const row = { ...scope, channel: CHANNEL, enabled: input.enabled, routingKey: null, config: { siteKey: input.siteKey }, secrets: encrypted, secretHints: hints }
  await tx.insert(messagingChannelSettings).values(row).onConflictDoUpdate({
    target: [messagingChannelSettings.projectId, messagingChannelSettings.channel],
    set: { enabled: row.enabled, config: row.config, secrets: row.secrets, secretHints: row.secretHints, updatedAt: sql`now()` },
  })
  return { ...viewOf(row), secretsChanged: changed }
}

/** The project's Turnstile settings as the admin shows them (not configured until saved once). */
export async function getTurnstileSettings(db: DbOrTx, scope: ProjectScope): Promise<TurnstileSettingsView> {
  const [row] = await db.select().from(messagingChannelSettings)
    .where(and(eq(messagingChannelSettings.orgId, scope.orgId), ofProject(scope.projectId)))
  return viewOf(row)
}

/** The site key public forms show, when the project has Turnstile on (no secret decrypted). */
export async function loadTurnstileSiteKey(db: DbOrTx, projectId: string): Promise<string | undefined> {
  const [row] = await db.select({ enabled: messagingChannelSettings.enabled, config: messagingChannelSettings.config })
    .from(messagingChannelSettings).where(ofProject(projectId))
  return row?.enabled && row.config.siteKey ? row.config.siteKey : undefined
}

/** Both keys, when the project has Turnstile on: what a form post is checked with. */
export async function loadTurnstileKeys(db: DbOrTx, keyRing: KeyRing, projectId: string): Promise<TurnstileKeys | undefined> {
  const [row] = await db.select().from(messagingChannelSettings).where(ofProject(projectId))
  if (!row?.enabled || !row.config.siteKey) return undefined
  const { secretKey } = readStoredSecrets(keyRing, row.secrets)
  return secretKey ? { siteKey: row.config.siteKey, secretKey } : undefined
}

function viewOf(row: { enabled: boolean, config: Record<string, string>, secretHints: Record<string, string> } | undefined): TurnstileSettingsView {
  return {
    configured: row !== undefined,
    enabled: row?.enabled ?? false,
    siteKey: row?.config.siteKey ?? null,
    secretKey: { set: Boolean(row?.secretHints.secretKey), endsWith: row?.secretHints.secretKey ?? null },
  }
}
