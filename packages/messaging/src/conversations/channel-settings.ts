import { and, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { messagingChannelSettings, type DbOrTx } from '@flectar/db'
import { InvalidInputError } from '@flectar/errors'
import { mergeSecrets, readStoredSecrets, type KeyRing } from '@flectar/security'
import { singleLineText } from '@flectar/validation'
import type { ProjectScope } from './customers'

export const MESSAGING_CHANNELS = ['sms', 'whatsapp'] as const
export type MessagingChannel = (typeof MESSAGING_CHANNELS)[number]

const e164 = z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'Use the full number with its country code, like +34600111222')
const secret = (label: string) => singleLineText({ min: 1, max: 500, required: `Enter the ${label}` })

/** Per channel: the settings anyone may read back, and the secrets that are stored encrypted (P12). */
export const channelSettingsSchemas = {
  sms: z.object({
    enabled: z.boolean().default(false),
    accountSid: z.string().trim().regex(/^AC[0-9a-f]{32}$/i, 'The Account SID starts with AC and has 32 more characters'),
    fromNumber: e164,
    authToken: secret('auth token').optional(),
  }),
  whatsapp: z.object({
    enabled: z.boolean().default(false),
    phoneNumberId: z.string().trim().regex(/^\d{5,30}$/, 'The phone number ID is the number Meta shows under API setup'),
    displayNumber: e164.optional(),
    /** An approved template sent when the 24-hour window is closed, and its language. */
    defaultTemplate: z.string().trim().regex(/^[a-z0-9_]{1,512}$/, 'Use the template\'s name: lowercase letters, digits and _').optional(),
    templateLanguage: z.string().trim().regex(/^[a-z]{2,3}(?:_[A-Z]{2})?$/, 'Use a language code like es or en_US').default('en'),
    accessToken: secret('access token').optional(),
  }),
} as const
const SECRET_FIELDS: Record<MessagingChannel, readonly string[]> = { sms: ['authToken'], whatsapp: ['accessToken'] }
/** What an inbound webhook names the project by. */
const ROUTING_FIELD: Record<MessagingChannel, string> = { sms: 'fromNumber', whatsapp: 'phoneNumberId' }

export type ChannelSettingsInput = { [C in MessagingChannel]: z.output<(typeof channelSettingsSchemas)[C]> }

export interface ChannelSettingsView {
  channel: MessagingChannel
  connected: boolean
  enabled: boolean
  config: Record<string, string>
  secrets: Record<string, { set: boolean, endsWith: string | null }>
}

export interface ChannelCredentials {
  projectId: string
  orgId: string
  enabled: boolean
  config: Record<string, string>
  secrets: Record<string, string>
}

/**
 * Saves a project's SMS or WhatsApp connection: secrets given replace the stored ones
 * (encrypted), secrets left out are kept; with none stored the field is a 422.
 * Returns the view and the names of the secrets changed (for the caller's audit row, in the same transaction).
 */
export async function saveChannelSettings<C extends MessagingChannel>(tx: DbOrTx, keyRing: KeyRing, scope: ProjectScope, channel: C, input: ChannelSettingsInput[C]): Promise<ChannelSettingsView & { secretsChanged: string[] }> {
  const [stored] = await tx.select().from(messagingChannelSettings)
    .where(and(eq(messagingChannelSettings.projectId, scope.projectId), eq(messagingChannelSettings.channel, channel))).for('update')
  const given = input as Record<string, string | boolean | undefined>
  const { changed, missing, encrypted, hints } = mergeSecrets(keyRing, stored?.secrets, SECRET_FIELDS[channel], given)
  if (missing.length) throw new InvalidInputError(Object.fromEntries(missing.map(name => [name, 'Enter it once; it is stored encrypted and never shown again'])))
  const config = Object.fromEntries(Object.entries(given).filter(([name, value]) => name !== 'enabled' && !SECRET_FIELDS[channel].includes(name) && typeof value === 'string')) as Record<string, string>
  const row = {
    ...scope,
    channel,
    enabled: given.enabled === true,
    routingKey: config[ROUTING_FIELD[channel]] ?? null,
    config,
    secrets: encrypted,
    secretHints: hints,
  }
  const inUse = row.routingKey
    ? (await tx.select({ projectId: messagingChannelSettings.projectId }).from(messagingChannelSettings)
        .where(and(eq(messagingChannelSettings.channel, channel), eq(messagingChannelSettings.routingKey, row.routingKey))))[0]
    : undefined
  if (inUse && inUse.projectId !== scope.projectId) throw new InvalidInputError({ [ROUTING_FIELD[channel]]: 'Another site already uses this number' })
  await tx.insert(messagingChannelSettings).values(row).onConflictDoUpdate({
    target: [messagingChannelSettings.projectId, messagingChannelSettings.channel],
    set: { enabled: row.enabled, routingKey: row.routingKey, config: row.config, secrets: row.secrets, secretHints: row.secretHints, updatedAt: sql`now()` },
  })
  return { ...viewOf(channel, row), secretsChanged: changed }
}

/** Both channels, connected or not, as the settings page shows them: secrets only by their last characters. */
export async function listChannelSettings(db: DbOrTx, scope: ProjectScope): Promise<ChannelSettingsView[]> {
  const rows = await db.select().from(messagingChannelSettings)
    .where(and(eq(messagingChannelSettings.orgId, scope.orgId), eq(messagingChannelSettings.projectId, scope.projectId)))
  return MESSAGING_CHANNELS.map(channel => viewOf(channel, rows.find(row => row.channel === channel)))
}

/** A project's connection with its secrets, by project (outbound) or by routing key (inbound webhooks). */
export async function loadChannelCredentials(db: DbOrTx, keyRing: KeyRing, channel: MessagingChannel, by: { projectId: string } | { routingKey: string }): Promise<ChannelCredentials | undefined> {
  const [row] = await db.select().from(messagingChannelSettings).where(and(
    eq(messagingChannelSettings.channel, channel),
    'projectId' in by ? eq(messagingChannelSettings.projectId, by.projectId) : eq(messagingChannelSettings.routingKey, by.routingKey),
  ))
  if (!row) return undefined
  return { projectId: row.projectId, orgId: row.orgId, enabled: row.enabled, config: row.config, secrets: readStoredSecrets(keyRing, row.secrets) }
}

function viewOf(channel: MessagingChannel, row: { enabled: boolean, config: Record<string, string>, secretHints: Record<string, string> } | undefined): ChannelSettingsView {
  return {
    channel,
    connected: row !== undefined,
    enabled: row?.enabled ?? false,
    config: row?.config ?? {},
    secrets: Object.fromEntries(SECRET_FIELDS[channel].map(name => [name, { set: Boolean(row?.secretHints[name]), endsWith: row?.secretHints[name] ?? null }])),
  }
}
