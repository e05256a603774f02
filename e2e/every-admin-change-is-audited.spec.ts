import { and, count, desc, eq, gte, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { generateTotpCode, SYSTEM_ACTOR } from '@flectar/accounts'
import { createCoupon, createResource, createService } from '@flectar/bookings'
import { auditEvents, pageRevisions, payments, projectDomains, projects, users, waitlistEntries } from '@flectar/db'
import { recordInboundMessage } from '@flectar/messaging'
import { createProject } from '@flectar/sites'
import { ONE_PIXEL_GIF } from '@flectar/storage/testing'
import { openE2eDatabase } from './support/accounts'
import { httpRequest, type HttpResult } from './support/apps'
import { adminSamples, type FuzzIds } from './support/fuzz-samples'
import { discoverAdminRoutes } from './support/routes'

// Every change made through the admin API leaves an audit row, written by the package that
// makes the change. The mutation routes are found from the route tree: each is either done
// once below, with a valid body, as an owner of a fresh org (or, for the sign-in flows, as
// the account they are about), or listed in NOT_AUDITED with the reason it writes no row. A
// new mutation route that is in neither list fails the suite.

const OWNER_EMAIL = 'audit-owner@audit-journey.example'
/** The password `createOwner` gives every e2e owner. */
const OWNER_PASSWORD = 'e2e password 123'
const NEW_PASSWORD = 'audit journey new password'
const SIGNUP_EMAIL = 'audit-signup@audit-journey.example'
const SIGNUP_PASSWORD = 'audit journey password'

/** Mutation routes that write no audit row, and why. */
const NOT_AUDITED: Record<string, string> = {
  'POST /api/auth/sign-out': 'ends the caller\'s own session and nothing else; the sign-in it ends was audited',
  'POST /api/auth/magic-link': 'an anonymous request for an email, answered alike whether or not the account exists (and rate limited); using the link is audited as auth.sign_in',
  'POST /api/auth/password-reset': 'an anonymous request for an email, answered alike whether or not the account exists (and rate limited); the reset itself is audited as auth.password_reset',
  'PUT /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]/draft': 'the editor\'s autosave, every few seconds while typing and never seen by visitors; publishing is audited (page.published) and keeps the content as a revision',
  'POST /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]/preview': 'signs a 15-minute link to the draft; stores nothing',
  'POST /api/orgs/[orgId]/switch': 'chooses which org the session shows, like opening a tab; changes no data',
  'POST /api/webhooks/stripe/[projectId]': 'a payment provider\'s signed delivery, not a member\'s change: it is kept in payment_webhook_inbox and, once applied, in the payment\'s own history (payment_events); a customer subscription\'s event is kept by id in subscription_events',
  'POST /api/webhooks/paypal/[projectId]': 'a payment provider\'s signed delivery, not a member\'s change: it is kept in payment_webhook_inbox and, once applied, in the payment\'s own history (payment_events)',
  'POST /api/orgs/[orgId]/projects/[projectId]/payments/providers/[provider]/test': 'a check of a saved connection: it calls the provider with a request that changes nothing, here or there',
  'POST /api/webhooks/platform-billing': 'Stripe\'s signed delivery about the platform subscription, not a member\'s change: each event id is kept in platform_billing_events, and a plan change it causes is audited org.plan_changed',
  'POST /api/orgs/[orgId]/billing/checkout': 'changes nothing here: it opens Stripe\'s page; the plan changes only when the platform webhook confirms the payment (audited org.plan_changed)',
  'POST /api/orgs/[orgId]/billing/portal': 'changes nothing here: it opens Stripe\'s customer portal; what the owner does there arrives through the platform webhook',
  'POST /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]/read': 'a member opening a conversation, like reading an email: it only clears the unread count',
  'POST /api/webhooks/resend': 'Resend\'s signed delivery, not a member\'s change: each is kept by svix-id in messaging_webhook_deliveries, and the message it brings is in the conversation',
  'POST /api/webhooks/twilio/[projectId]': 'Twilio\'s signed delivery, not a member\'s change: each is kept by MessageSid in messaging_webhook_deliveries, and the message or status it brings is in the conversation',
  'POST /api/webhooks/whatsapp': 'Meta\'s signed delivery, not a member\'s change: each message or status is kept by id in messaging_webhook_deliveries, and what it brings is in the conversation',
  'POST /api/webhooks/redsys/[projectId]': 'a payment provider\'s signed delivery, not a member\'s change: it is kept in payment_webhook_inbox and, once applied, in the payment\'s own history (payment_events)',
}

/** A site's invoicing, Spanish and chained under VeriFactu, invoicing bookings on demand. */
const INVOICE_PROFILE = {
  legalName: 'Audit Journey S.L.', taxId: 'B12345678', addressLines: ['Calle Mayor 1'], defaultTaxRate: 2100, pricesIncludeTax: true, paymentTermsDays: 15,
  language: 'es', bookingInvoices: 'on_demand', bookingInvoiceKind: 'simplified', verifactu: true, verifactuEnvironment: 'test',
  invoiceSeries: { prefix: 'F', yearlyReset: true, firstNumber: 1, digits: 4 }, creditNoteSeries: { prefix: 'R', yearlyReset: true, firstNumber: 1, digits: 4 },
}
const INVOICE_DRAFT = {
  kind: 'invoice', customer: { name: 'Audit Customer S.A.', taxId: 'A87654321', addressLines: ['Calle Luna 3'], email: 'audit-customer@audit-journey.example' },
  lines: [{ description: 'Consultoría', quantityMilli: 1500, unitPriceMinor: 6000, taxRate: 2100 }, { description: 'Libro', quantityMilli: 1000, unitPriceMinor: 2080, taxRate: 400 }],
}

interface Session { userId: string, cookie: string }

/** What the steps arrange and leave for the ones after them. */
interface State {
  database: ReturnType<typeof openE2eDatabase>
  owner: Session & { orgId: string, email: string, password: string }
  ids: FuzzIds
  samples: Record<string, unknown>
  projectPath: string
  made: Record<string, string>
  members: Record<string, Session>
  signup: Session & { password: string }
  totpSecret: string
  recoveryCodes: string[]
}

interface AuditedRoute {
  route: string
  /** The row it must add. */
  action: string
  /** Arrangement this step needs first (not itself checked). */
  before?: (state: State) => Promise<void>
  send: (state: State) => Promise<HttpResult>
  /** The user the row must name as its actor (checked when given). */
  actor?: (state: State) => string
  /** After a 2xx, what later steps need from the answer. */
  keep?: (state: State, body: Record<string, unknown>, response: HttpResult) => void | Promise<void>
}

let client = 0
/** Each request from its own address (TRUST_PROXY is on), so no rate limit of another spec applies. */
const clientIp = () => `198.18.${Math.floor(++client / 250)}.${(client % 250) + 1}`

/** A same-origin request to the admin API, as its pages make it. */
async function call(method: string, path: string, options: { cookie?: string, json?: unknown, raw?: Buffer, contentType?: string, timeoutMs?: number } = {}): Promise<HttpResult> {
  const port = inject('adminPort')
  const body = options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json))
  const contentType = options.contentType ?? (options.json === undefined ? undefined : 'application/json')
  return await httpRequest(port, method, path, {
    'origin': `http://localhost:${port}`,
    'x-forwarded-for': clientIp(),
    'user-agent': 'audit-journey',
    ...(contentType ? { 'content-type': contentType } : {}),
    ...(options.cookie ? { cookie: options.cookie } : {}),
  }, body, { timeoutMs: options.timeoutMs })
}

/** The value of a cookie the answer sets, as a `name=value` Cookie header. */
function cookieFrom(response: HttpResult, name: string): string {
  const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? [])
  const value = setCookie.map(line => new RegExp(`^${name}=([^;]*)`).exec(line)?.[1]).find(Boolean)
  if (!value) throw new Error(`no ${name} cookie in ${JSON.stringify(response.headers['set-cookie'])}`)
  return `${name}=${value}`
}

const project = (state: State, suffix = '') => `${state.projectPath}${suffix}`
const sample = (state: State, route: string) => state.samples[route]
const asOwner = (state: State) => state.owner.userId

/** Done in this order: later steps use what earlier ones made (ids, members, tokens, passwords). */
const AUDITED: AuditedRoute[] = [
  // The account: profile, photo, two-factor authentication, sessions, email and password.
  { route: 'PATCH /api/account/profile', action: 'auth.profile_updated', actor: asOwner, send: s => call('PATCH', '/api/account/profile', { cookie: s.owner.cookie, json: sample(s, 'PATCH /api/account/profile') }) },
  { route: 'PUT /api/account/avatar', action: 'auth.avatar_changed', actor: asOwner, send: s => call('PUT', '/api/account/avatar', { cookie: s.owner.cookie, raw: ONE_PIXEL_GIF, contentType: 'image/gif' }) },
  { route: 'DELETE /api/account/avatar', action: 'auth.avatar_removed', actor: asOwner, send: s => call('DELETE', '/api/account/avatar', { cookie: s.owner.cookie }) },
  {
    route: 'POST /api/account/two-factor/enrol', action: 'auth.two_factor_enrolment_started', actor: asOwner,
    send: s => call('POST', '/api/account/two-factor/enrol', { cookie: s.owner.cookie }),
    keep: (s, body) => {
      s.totpSecret = body.secret as string
    },
  },
  {
    route: 'POST /api/account/two-factor/confirm', action: 'auth.two_factor_enabled', actor: asOwner,
    send: async s => call('POST', '/api/account/two-factor/confirm', { cookie: s.owner.cookie, json: { code: await generateTotpCode({ secret: s.totpSecret }) } }),
  },
  {
    route: 'POST /api/account/two-factor/recovery-codes', action: 'auth.recovery_codes_regenerated', actor: asOwner,
    send: s => call('POST', '/api/account/two-factor/recovery-codes', { cookie: s.owner.cookie, json: { password: s.owner.password } }),
    keep: (s, body) => {
      s.recoveryCodes = body.recoveryCodes as string[]
    },
  },
  {
    // The password step of a sign-in with 2FA on: a challenge cookie, then a recovery code.
    route: 'POST /api/auth/two-factor', action: 'auth.sign_in', actor: asOwner,
    send: async (s) => {
      const first = await call('POST', '/api/auth/sign-in', { json: { email: s.owner.email, password: s.owner.password } })
      expect(JSON.parse(first.body)).toEqual({ status: 'two_factor_required' })
      return await call('POST', '/api/auth/two-factor', { cookie: cookieFrom(first, 'flectar_2fa'), json: { recoveryCode: s.recoveryCodes[0] } })
    },
  },
  { route: 'POST /api/account/two-factor/disable', action: 'auth.two_factor_disabled', actor: asOwner, send: s => call('POST', '/api/account/two-factor/disable', { cookie: s.owner.cookie, json: { password: s.owner.password } }) },
  {
    route: 'DELETE /api/account/sessions/[sessionId]', action: 'auth.session_revoked', actor: asOwner,
    send: async (s) => {
      const other = await s.database.createSession(s.owner.userId)
      return await call('DELETE', `/api/account/sessions/${other.session.id}`, { cookie: s.owner.cookie })
    },
  },
  { route: 'POST /api/account/sessions/revoke-others', action: 'auth.sessions_revoked', actor: asOwner, send: s => call('POST', '/api/account/sessions/revoke-others', { cookie: s.owner.cookie }) },
  {
    route: 'POST /api/account/email', action: 'auth.email_change_requested', actor: asOwner,
    send: s => call('POST', '/api/account/email', { cookie: s.owner.cookie, json: { newEmail: 'audit-owner-new@audit-journey.example', password: s.owner.password } }),
  },
  {
    route: 'POST /api/auth/confirm-email-change', action: 'auth.email_changed', actor: asOwner,
    send: async (s) => {
      const link = await s.database.linkFromEmail('audit-owner-new@audit-journey.example', 'auth.change_email')
      return await call('POST', '/api/auth/confirm-email-change', { cookie: s.owner.cookie, json: { token: new URL(link).searchParams.get('token') } })
    },
    keep: (s) => {
      s.owner.email = 'audit-owner-new@audit-journey.example'
    },
  },
  {
    route: 'POST /api/account/password', action: 'auth.password_changed', actor: asOwner,
    send: s => call('POST', '/api/account/password', { cookie: s.owner.cookie, json: { currentPassword: s.owner.password, newPassword: NEW_PASSWORD } }),
    keep: (s) => {
      s.owner.password = NEW_PASSWORD
    },
  },

  // The org: settings, a second org, invitations and members.
  { route: 'PATCH /api/orgs/[orgId]', action: 'org.settings_changed', actor: asOwner, send: s => call('PATCH', `/api/orgs/${s.owner.orgId}`, { cookie: s.owner.cookie, json: sample(s, 'PATCH /api/orgs/[orgId]') }) },
  { route: 'POST /api/orgs', action: 'org.created', actor: asOwner, send: s => call('POST', '/api/orgs', { cookie: s.owner.cookie, json: { name: 'Audit Second Org' } }) },
  {
    route: 'POST /api/orgs/[orgId]/invitations', action: 'org.invitation_sent', actor: asOwner,
    send: s => call('POST', `/api/orgs/${s.owner.orgId}/invitations`, { cookie: s.owner.cookie, json: { email: 'audit-member@audit-journey.example', role: 'viewer' } }),
    keep: (s, body) => {
      s.made.invitation = body.id as string
    },
  },
  { route: 'POST /api/orgs/[orgId]/invitations/[invitationId]/resend', action: 'org.invitation_resent', actor: asOwner, send: s => call('POST', `/api/orgs/${s.owner.orgId}/invitations/${s.made.invitation}/resend`, { cookie: s.owner.cookie }) },
  {
    route: 'POST /api/invitations/accept', action: 'org.invitation_accepted',
    send: async s => call('POST', '/api/invitations/accept', { json: { token: await invitationToken(s, 'audit-member@audit-journey.example'), name: 'Audit Member', password: 'audit member password' } }),
    keep: async (s, body, response) => {
      expect(body).toMatchObject({ orgId: s.owner.orgId, role: 'viewer' })
      s.members.member = await memberSession(s, 'audit-member@audit-journey.example', response)
    },
    actor: s => s.members.member!.userId,
  },
  {
    route: 'POST /api/invitations/decline', action: 'org.invitation_declined',
    before: async (s) => {
      await s.database.createInvitation(s.owner.userId, s.owner.orgId, 'audit-decliner@audit-journey.example')
    },
    send: async s => call('POST', '/api/invitations/decline', { json: { token: await invitationToken(s, 'audit-decliner@audit-journey.example') } }),
  },
  {
    route: 'DELETE /api/orgs/[orgId]/invitations/[invitationId]', action: 'org.invitation_revoked', actor: asOwner,
    before: async (s) => {
      s.made.revocable = (await s.database.createInvitation(s.owner.userId, s.owner.orgId, 'audit-revoked@audit-journey.example')).id
    },
    send: s => call('DELETE', `/api/orgs/${s.owner.orgId}/invitations/${s.made.revocable}`, { cookie: s.owner.cookie }),
  },
  { route: 'PATCH /api/orgs/[orgId]/members/[userId]', action: 'org.member_role_changed', actor: asOwner, send: s => call('PATCH', `/api/orgs/${s.owner.orgId}/members/${s.members.member!.userId}`, { cookie: s.owner.cookie, json: sample(s, 'PATCH /api/orgs/[orgId]/members/[userId]') }) },
  { route: 'POST /api/orgs/[orgId]/leave', action: 'org.member_left', actor: s => s.members.member!.userId, send: s => call('POST', `/api/orgs/${s.owner.orgId}/leave`, { cookie: s.members.member!.cookie }) },
  {
    route: 'DELETE /api/orgs/[orgId]/members/[userId]', action: 'org.member_removed', actor: asOwner,
    before: async (s) => {
      await s.database.createInvitation(s.owner.userId, s.owner.orgId, 'audit-removed@audit-journey.example')
      const accepted = await call('POST', '/api/invitations/accept', { json: { token: await invitationToken(s, 'audit-removed@audit-journey.example'), name: 'Audit Removed', password: 'audit member password' } })
      expect(accepted.status, accepted.body).toBe(200)
      s.members.removed = await memberSession(s, 'audit-removed@audit-journey.example', accepted)
    },
    send: s => call('DELETE', `/api/orgs/${s.owner.orgId}/members/${s.members.removed!.userId}`, { cookie: s.owner.cookie }),
  },

  // A project and its site.
  { route: 'POST /api/orgs/[orgId]/projects', action: 'project.created', actor: asOwner, send: s => call('POST', `/api/orgs/${s.owner.orgId}/projects`, { cookie: s.owner.cookie, json: { name: 'Audit New Site', slug: 'audit-new-site', templateKey: 'salon', address: 'Calle Mayor 1\n28013 Madrid', phone: '+34 910 000 001', email: 'audit@audit-journey.example', timeZone: 'Europe/Madrid', currency: 'EUR', defaultLocale: 'en' } }) },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/publish', action: 'project.published', actor: asOwner, send: s => call('POST', project(s, '/publish'), { cookie: s.owner.cookie }) },
  { route: 'PATCH /api/orgs/[orgId]/projects/[projectId]', action: 'project.updated', actor: asOwner, send: s => call('PATCH', project(s), { cookie: s.owner.cookie, json: sample(s, 'PATCH /api/orgs/[orgId]/projects/[projectId]') }) },
  {
    route: 'PUT /api/orgs/[orgId]/projects/[projectId]/navigation', action: 'navigation.updated', actor: asOwner,
    send: s => call('PUT', project(s, '/navigation'), { cookie: s.owner.cookie, json: { menus: { en: { header: [{ id: 'home', kind: 'page', label: 'Home', path: '/' }] } }, footer: { social: [{ network: 'instagram', url: 'https://www.instagram.com/audit' }] } } }),
  },
  {
    route: 'PUT /api/orgs/[orgId]/projects/[projectId]/theme', action: 'theme.updated', actor: asOwner,
    send: s => call('PUT', project(s, '/theme'), { cookie: s.owner.cookie, json: { theme: { palette: { primary: '#0f766e', accent: '#b45309', background: '#ffffff', text: '#1c1917' }, typography: { heading: 'fraunces', body: 'inter' }, radius: 'md', buttons: 'pill', mode: 'light' } } }),
  },
  {
    route: 'PUT /api/orgs/[orgId]/projects/[projectId]/payments/providers/[provider]', action: 'payment_provider.updated', actor: asOwner,
    send: s => call('PUT', project(s, '/payments/providers/redsys'), { cookie: s.owner.cookie, json: { merchantCode: '999008881', terminal: '1', secretKey: 'sq7HjrUOBfKmC576ILgskD5srU870gJ7', environment: 'test', bizum: false, enabled: true } }),
  },
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/pages', action: 'page.created', actor: asOwner,
    send: s => call('POST', project(s, '/pages'), { cookie: s.owner.cookie, json: sample(s, 'POST /api/orgs/[orgId]/projects/[projectId]/pages') }),
    keep: (s, body) => {
      s.made.page = body.id as string
    },
  },
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]/publish', action: 'page.published', actor: asOwner,
    send: s => call('POST', project(s, `/pages/${s.made.page}/publish`), { cookie: s.owner.cookie }),
  },
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]/revisions/[revisionId]/restore', action: 'page.revision_restored', actor: asOwner,
    before: async (s) => {
      const [revision] = await s.database.db.select({ id: pageRevisions.id }).from(pageRevisions).where(eq(pageRevisions.pageId, s.made.page!))
      s.made.revision = revision!.id
    },
    send: s => call('POST', project(s, `/pages/${s.made.page}/revisions/${s.made.revision}/restore`), { cookie: s.owner.cookie }),
  },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]/unpublish', action: 'page.unpublished', actor: asOwner, send: s => call('POST', project(s, `/pages/${s.made.page}/unpublish`), { cookie: s.owner.cookie }) },
  { route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]', action: 'page.deleted', actor: asOwner, send: s => call('DELETE', project(s, `/pages/${s.made.page}`), { cookie: s.owner.cookie }) },
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/redirects', action: 'redirect.created', actor: asOwner,
    send: s => call('POST', project(s, '/redirects'), { cookie: s.owner.cookie, json: sample(s, 'POST /api/orgs/[orgId]/projects/[projectId]/redirects') }),
    keep: (s, body) => {
      s.made.redirect = body.id as string
    },
  },
  { route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/redirects/[redirectId]', action: 'redirect.deleted', actor: asOwner, send: s => call('DELETE', project(s, `/redirects/${s.made.redirect}`), { cookie: s.owner.cookie }) },
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/domains', action: 'domain.added', actor: asOwner,
    send: s => call('POST', project(s, '/domains'), { cookie: s.owner.cookie, json: { hostname: 'www.audit-journey.example' } }),
    keep: (s, body) => {
      s.made.domain = body.id as string
    },
  },
  {
    // No DNS record and nothing at the host here: the attempt is audited as a failed one.
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/domains/[domainId]/verify', action: 'domain.verification_failed', actor: asOwner,
    send: s => call('POST', project(s, `/domains/${s.made.domain}/verify`), { cookie: s.owner.cookie, timeoutMs: 90_000 }),
    keep: (_, body) => {
      expect(body).toMatchObject({ verified: false })
    },
  },
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/domains/[domainId]/primary', action: 'domain.primary_set', actor: asOwner,
    // As if the DNS record had been found: only a verified domain can be primary.
    before: async (s) => {
      await s.database.db.update(projectDomains).set({ verifiedAt: new Date() }).where(eq(projectDomains.id, s.made.domain!))
    },
    send: s => call('POST', project(s, `/domains/${s.made.domain}/primary`), { cookie: s.owner.cookie }),
  },
  { route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/domains/[domainId]', action: 'domain.removed', actor: asOwner, send: s => call('DELETE', project(s, `/domains/${s.made.domain}`), { cookie: s.owner.cookie }) },
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/media', action: 'media.uploaded', actor: asOwner,
    send: async (s) => {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(ONE_PIXEL_GIF)], { type: 'image/gif' }), 'pixel.gif')
      form.append('alt', 'One pixel')
      const multipart = new Response(form)
      return await call('POST', project(s, '/media'), { cookie: s.owner.cookie, raw: Buffer.from(await multipart.arrayBuffer()), contentType: multipart.headers.get('content-type')! })
    },
    keep: (s, body) => {
      s.made.media = body.id as string
    },
  },
  { route: 'PATCH /api/orgs/[orgId]/projects/[projectId]/media/[assetId]', action: 'media.updated', actor: asOwner, send: s => call('PATCH', project(s, `/media/${s.made.media}`), { cookie: s.owner.cookie, json: sample(s, 'PATCH /api/orgs/[orgId]/projects/[projectId]/media/[assetId]') }) },
  { route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/media/[assetId]', action: 'media.deleted', actor: asOwner, send: s => call('DELETE', project(s, `/media/${s.made.media}`), { cookie: s.owner.cookie }) },
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/api-keys', action: 'api_key.created', actor: asOwner,
    send: s => call('POST', project(s, '/api-keys'), { cookie: s.owner.cookie, json: sample(s, 'POST /api/orgs/[orgId]/projects/[projectId]/api-keys') }),
    keep: (s, body) => {
      s.made.apiKey = body.id as string
    },
  },
  { route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/api-keys/[keyId]', action: 'api_key.revoked', actor: asOwner, send: s => call('DELETE', project(s, `/api-keys/${s.made.apiKey}`), { cookie: s.owner.cookie }) },

  // Booking configuration.
  ...configurationRoutes('services', 'serviceId', 'booking_service'),
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/bookings/services/reorder', action: 'booking_service.reordered', actor: asOwner, send: s => call('POST', project(s, '/bookings/services/reorder'), { cookie: s.owner.cookie, json: sample(s, 'POST /api/orgs/[orgId]/projects/[projectId]/bookings/services/reorder') }) },
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/bookings/resources', action: 'booking_resource.created', actor: asOwner,
    send: s => call('POST', project(s, '/bookings/resources'), { cookie: s.owner.cookie, json: sample(s, 'POST /api/orgs/[orgId]/projects/[projectId]/bookings/resources') }),
    keep: (s, body) => {
      s.made.resource = body.id as string
    },
  },
  { route: 'PATCH /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]', action: 'booking_resource.updated', actor: asOwner, send: s => call('PATCH', project(s, `/bookings/resources/${s.made.resource}`), { cookie: s.owner.cookie, json: sample(s, 'PATCH /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]') }) },
  { route: 'PUT /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]/overrides/[date]', action: 'booking_date_override.set', actor: asOwner, send: s => call('PUT', project(s, `/bookings/resources/${s.made.resource}/overrides/${s.ids.day(50)}`), { cookie: s.owner.cookie, json: sample(s, 'PUT /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]/overrides/[date]') }) },
  { route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]/overrides/[date]', action: 'booking_date_override.deleted', actor: asOwner, send: s => call('DELETE', project(s, `/bookings/resources/${s.made.resource}/overrides/${s.ids.day(50)}`), { cookie: s.owner.cookie }) },
  { route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]', action: 'booking_resource.deleted', actor: asOwner, send: s => call('DELETE', project(s, `/bookings/resources/${s.made.resource}`), { cookie: s.owner.cookie }) },
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/bookings/blocked-dates', action: 'booking_closure.created', actor: asOwner,
    send: s => call('POST', project(s, '/bookings/blocked-dates'), { cookie: s.owner.cookie, json: sample(s, 'POST /api/orgs/[orgId]/projects/[projectId]/bookings/blocked-dates') }),
    keep: (s, body) => {
      s.made.closure = body.id as string
    },
  },
  { route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/bookings/blocked-dates/[blockedDateId]', action: 'booking_closure.deleted', actor: asOwner, send: s => call('DELETE', project(s, `/bookings/blocked-dates/${s.made.closure}`), { cookie: s.owner.cookie }) },
  ...configurationRoutes('extras', 'extraId', 'booking_extra'),
  ...configurationRoutes('requirements', 'requirementId', 'booking_requirement'),
  ...configurationRoutes('coupons', 'couponId', 'booking_coupon'),
  // Someone taken off the waitlist.
  {
    route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/bookings/waitlist/[entryId]', action: 'waitlist.removed', actor: asOwner,
    before: async (s) => {
      const [entry] = await s.database.db.insert(waitlistEntries).values({
        orgId: s.owner.orgId, projectId: s.ids.projectId, serviceId: s.ids.serviceId, name: 'Audit waiter', email: 'audit-waiter@example.com', fromDate: s.ids.day(40), toDate: s.ids.day(41), timeZone: 'UTC',
      }).returning()
      s.made.waitlistEntry = entry!.id
    },
    send: s => call('DELETE', project(s, `/bookings/waitlist/${s.made.waitlistEntry}`), { cookie: s.owner.cookie }),
  },

  // Bookings taken, moved and changed by staff, and their customer.
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items', action: 'booking.created', actor: asOwner,
    send: s => call('POST', project(s, '/bookings/items'), { cookie: s.owner.cookie, json: sample(s, 'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items') }),
    keep: (s, body) => {
      s.made.booking = body.id as string
      s.made.customer = body.customerId as string
    },
  },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items/[bookingId]/move', action: 'booking.moved', actor: asOwner, send: s => call('POST', project(s, `/bookings/items/${s.made.booking}/move`), { cookie: s.owner.cookie, json: sample(s, 'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items/[bookingId]/move') }) },
  // Staff bookings are confirmed at once, so the change tried is a cancellation.
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items/[bookingId]/status', action: 'booking.cancel', actor: asOwner, send: s => call('POST', project(s, `/bookings/items/${s.made.booking}/status`), { cookie: s.owner.cookie, json: { action: 'cancel', reason: 'Audit journey' } }) },
  // Its deposit, paid at the venue (marked by staff) and then partly given back.
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/payments/[paymentId]/paid-at-venue', action: 'payment.paid_at_venue', actor: asOwner,
    before: async (s) => {
      const [payment] = await s.database.db.insert(payments).values({ orgId: s.owner.orgId, projectId: s.ids.projectId, bookingId: s.made.booking!, provider: 'on_site', status: 'pending', amountMinor: 1000, currency: 'EUR', checkoutId: `onsite_${s.made.booking}` }).returning()
      s.made.payment = payment!.id
    },
    send: s => call('POST', project(s, `/payments/${s.made.payment}/paid-at-venue`), { cookie: s.owner.cookie, json: { method: 'cash' } }),
  },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/payments/[paymentId]/refunds', action: 'payment.refunded', actor: asOwner, send: s => call('POST', project(s, `/payments/${s.made.payment}/refunds`), { cookie: s.owner.cookie, json: { amount: 300, reason: 'Audit journey' } }) },
  // Subscription plans: created, changed, and deleted (nobody subscribed).
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/subscriptions/plans', action: 'subscription_plan.created', actor: asOwner, send: s => call('POST', project(s, '/subscriptions/plans'), { cookie: s.owner.cookie, json: { name: 'Audit monthly', priceMinor: 2500, interval: 'month', bookingsPerPeriod: 2 } }), keep: (s, body) => void (s.made.plan = body.id as string) },
  { route: 'PUT /api/orgs/[orgId]/projects/[projectId]/subscriptions/plans/[planId]', action: 'subscription_plan.updated', actor: asOwner, send: s => call('PUT', project(s, `/subscriptions/plans/${s.made.plan}`), { cookie: s.owner.cookie, json: { name: 'Audit monthly', priceMinor: 3000, interval: 'month', bookingsPerPeriod: 3 } }) },
  { route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/subscriptions/plans/[planId]', action: 'subscription_plan.deleted', actor: asOwner, send: s => call('DELETE', project(s, `/subscriptions/plans/${s.made.plan}`), { cookie: s.owner.cookie }) },
  // Invoicing: set up, a manual invoice drafted, edited, issued, paid in part and corrected; the booking's own invoice; a chain check.
  { route: 'PUT /api/orgs/[orgId]/projects/[projectId]/invoices/profile', action: 'invoices.profile_saved', actor: asOwner, send: s => call('PUT', project(s, '/invoices/profile'), { cookie: s.owner.cookie, json: INVOICE_PROFILE }) },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/invoices', action: 'invoice.draft_created', actor: asOwner, send: s => call('POST', project(s, '/invoices'), { cookie: s.owner.cookie, json: INVOICE_DRAFT }), keep: (s, body) => void (s.made.invoice = body.id as string) },
  { route: 'PUT /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]', action: 'invoice.draft_updated', actor: asOwner, send: s => call('PUT', project(s, `/invoices/${s.made.invoice}`), { cookie: s.owner.cookie, json: { ...INVOICE_DRAFT, notes: 'Edited' } }) },
  {
    route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]', action: 'invoice.draft_deleted', actor: asOwner,
    before: async (s) => {
      const made = await call('POST', project(s, '/invoices'), { cookie: s.owner.cookie, json: INVOICE_DRAFT })
      s.made.spareInvoice = (JSON.parse(made.body) as { id: string }).id
    },
    send: s => call('DELETE', project(s, `/invoices/${s.made.spareInvoice}`), { cookie: s.owner.cookie }),
  },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/issue', action: 'invoice.issued', actor: asOwner, send: s => call('POST', project(s, `/invoices/${s.made.invoice}/issue`), { cookie: s.owner.cookie, json: {} }) },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/payments', action: 'invoice.payment_recorded', actor: asOwner, send: s => call('POST', project(s, `/invoices/${s.made.invoice}/payments`), { cookie: s.owner.cookie, json: { amountMinor: 1000, method: 'cash', paidOn: '2026-12-07' } }) },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/send', action: 'invoice.sent', actor: asOwner, send: s => call('POST', project(s, `/invoices/${s.made.invoice}/send`), { cookie: s.owner.cookie }) },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/credit-notes', action: 'invoice.issued', actor: asOwner, send: s => call('POST', project(s, `/invoices/${s.made.invoice}/credit-notes`), { cookie: s.owner.cookie, json: { reason: 'Audit journey' } }) },
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/void', action: 'invoice.voided', actor: asOwner,
    before: async (s) => {
      const made = await call('POST', project(s, '/invoices'), { cookie: s.owner.cookie, json: INVOICE_DRAFT })
      s.made.voidedInvoice = (JSON.parse(made.body) as { id: string }).id
      await call('POST', project(s, `/invoices/${s.made.voidedInvoice}/issue`), { cookie: s.owner.cookie, json: {} })
    },
    send: s => call('POST', project(s, `/invoices/${s.made.voidedInvoice}/void`), { cookie: s.owner.cookie, json: { reason: 'Issued in error' } }),
  },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items/[bookingId]/invoice', action: 'invoice.issued', actor: asOwner, send: s => call('POST', project(s, `/bookings/items/${s.made.booking}/invoice`), { cookie: s.owner.cookie }) },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/invoices/verifactu/verify', action: 'invoices.verifactu_verified', actor: asOwner, send: s => call('POST', project(s, '/invoices/verifactu/verify'), { cookie: s.owner.cookie }) },
  { route: 'PATCH /api/orgs/[orgId]/projects/[projectId]/customers/[customerId]', action: 'customer.updated', actor: asOwner, send: s => call('PATCH', project(s, `/customers/${s.made.customer}`), { cookie: s.owner.cookie, json: sample(s, 'PATCH /api/orgs/[orgId]/projects/[projectId]/customers/[customerId]') }) },
  // The inbox: a customer wrote through the contact form; the owner answers, notes, snoozes, and saves a snippet; SMS gets connected.
  {
    route: 'POST /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]/replies', action: 'conversation.replied', actor: asOwner,
    before: async (s) => {
      const recorded = await recordInboundMessage(s.database.db, { orgId: s.owner.orgId, projectId: s.ids.projectId }, { channel: 'form', from: { name: 'Audit Writer', email: 'audit-writer@audit-journey.example' }, body: 'Do you open on Sundays?' })
      s.made.conversation = recorded.conversationId
    },
    send: s => call('POST', project(s, `/conversations/${s.made.conversation}/replies`), { cookie: s.owner.cookie, json: sample(s, 'POST /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]/replies') }),
  },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]/notes', action: 'conversation.note_added', actor: asOwner, send: s => call('POST', project(s, `/conversations/${s.made.conversation}/notes`), { cookie: s.owner.cookie, json: sample(s, 'POST /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]/notes') }) },
  { route: 'PATCH /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]', action: 'conversation.updated', actor: asOwner, send: s => call('PATCH', project(s, `/conversations/${s.made.conversation}`), { cookie: s.owner.cookie, json: sample(s, 'PATCH /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]') }) },
  { route: 'POST /api/orgs/[orgId]/projects/[projectId]/quick-replies', action: 'quick_reply.created', actor: asOwner, send: s => call('POST', project(s, '/quick-replies'), { cookie: s.owner.cookie, json: sample(s, 'POST /api/orgs/[orgId]/projects/[projectId]/quick-replies') }), keep: (s, body) => void (s.made.quickReply = body.id as string) },
  { route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/quick-replies/[quickReplyId]', action: 'quick_reply.deleted', actor: asOwner, send: s => call('DELETE', project(s, `/quick-replies/${s.made.quickReply}`), { cookie: s.owner.cookie }) },
  { route: 'PUT /api/orgs/[orgId]/projects/[projectId]/messaging-channels/[channel]', action: 'messaging_channel.updated', actor: asOwner, send: s => call('PUT', project(s, '/messaging-channels/sms'), { cookie: s.owner.cookie, json: { ...sample(s, 'PUT /api/orgs/[orgId]/projects/[projectId]/messaging-channels/[channel]') as object, fromNumber: '+34600999888' } }) },
  { route: 'PUT /api/orgs/[orgId]/projects/[projectId]/notifications', action: 'notifications.updated', actor: asOwner, send: s => call('PUT', project(s, '/notifications'), { cookie: s.owner.cookie, json: sample(s, 'PUT /api/orgs/[orgId]/projects/[projectId]/notifications') }) },
  { route: 'PUT /api/orgs/[orgId]/projects/[projectId]/turnstile', action: 'turnstile.updated', actor: asOwner, send: s => call('PUT', project(s, '/turnstile'), { cookie: s.owner.cookie, json: sample(s, 'PUT /api/orgs/[orgId]/projects/[projectId]/turnstile') }) },
  // Their booking was cancelled above, so the erasure goes through; the booking's invoice stays.
  { route: 'DELETE /api/orgs/[orgId]/projects/[projectId]/customers/[customerId]', action: 'customer.deleted', actor: asOwner, send: s => call('DELETE', project(s, `/customers/${s.made.customer}`), { cookie: s.owner.cookie }) },

  // Signing up and in, as the account itself, and deleting it at the end.
  {
    route: 'POST /api/auth/sign-up', action: 'auth.sign_up',
    send: s => call('POST', '/api/auth/sign-up', { json: { name: 'Audit', surname: 'Signup', email: SIGNUP_EMAIL, password: s.signup.password, organizationName: 'Audit Signup Org' } }),
    keep: async (s) => {
      const [user] = await s.database.db.select({ id: users.id }).from(users).where(eq(users.email, SIGNUP_EMAIL))
      s.signup.userId = user!.id
    },
    actor: s => s.signup.userId,
  },
  {
    route: 'POST /api/auth/verify-email', action: 'auth.email_verified', actor: s => s.signup.userId,
    send: async s => call('POST', '/api/auth/verify-email', { json: { token: await emailToken(s, SIGNUP_EMAIL, 'auth.verify_email') } }),
  },
  { route: 'POST /api/auth/sign-in', action: 'auth.sign_in', actor: s => s.signup.userId, send: s => call('POST', '/api/auth/sign-in', { json: { email: SIGNUP_EMAIL, password: s.signup.password } }) },
  {
    route: 'POST /api/auth/magic-link/verify', action: 'auth.sign_in', actor: s => s.signup.userId,
    before: async () => expectOk(await call('POST', '/api/auth/magic-link', { json: { email: SIGNUP_EMAIL } })),
    send: async s => call('POST', '/api/auth/magic-link/verify', { json: { token: await emailToken(s, SIGNUP_EMAIL, 'auth.magic_link') } }),
  },
  {
    route: 'POST /api/auth/password-reset/confirm', action: 'auth.password_reset', actor: s => s.signup.userId,
    before: async () => expectOk(await call('POST', '/api/auth/password-reset', { json: { email: SIGNUP_EMAIL } })),
    send: async s => call('POST', '/api/auth/password-reset/confirm', { json: { token: await emailToken(s, SIGNUP_EMAIL, 'auth.reset_password'), password: NEW_PASSWORD } }),
    keep: (s) => {
      s.signup.password = NEW_PASSWORD
    },
  },
  {
    route: 'POST /api/account/delete', action: 'auth.account_deleted', actor: s => s.signup.userId,
    // The reset signed every session out: sign in again with the new password.
    before: async (s) => {
      const signedIn = await call('POST', '/api/auth/sign-in', { json: { email: SIGNUP_EMAIL, password: s.signup.password } })
      expectOk(signedIn)
      s.signup.cookie = cookieFrom(signedIn, 'flectar_session')
    },
    send: s => call('POST', '/api/account/delete', { cookie: s.signup.cookie, json: { password: s.signup.password } }),
  },
]

/** Create, change and delete of one kind of booking configuration, with the sample bodies. */
function configurationRoutes(kind: string, param: string, thing: string): AuditedRoute[] {
  const base = `/api/orgs/[orgId]/projects/[projectId]/bookings/${kind}`
  const createRoute = `POST ${base}`
  return [
    {
      route: createRoute, action: `${thing}.created`, actor: asOwner,
      send: s => call('POST', project(s, `/bookings/${kind}`), { cookie: s.owner.cookie, json: sample(s, createRoute) }),
      keep: (s, body) => {
        s.made[kind] = body.id as string
      },
    },
    { route: `PATCH ${base}/[${param}]`, action: `${thing}.updated`, actor: asOwner, send: s => call('PATCH', project(s, `/bookings/${kind}/${s.made[kind]}`), { cookie: s.owner.cookie, json: sample(s, `PATCH ${base}/[${param}]`) }) },
    { route: `DELETE ${base}/[${param}]`, action: `${thing}.deleted`, actor: asOwner, send: s => call('DELETE', project(s, `/bookings/${kind}/${s.made[kind]}`), { cookie: s.owner.cookie }) },
  ]
}

function expectOk(response: HttpResult) {
  expect(response.status, response.body).toBeLessThan(300)
}

/** The token of the newest email of `template` to `to`, as the link carries it. */
async function emailToken(state: State, to: string, template: string): Promise<string> {
  return new URL(await state.database.linkFromEmail(to, template)).searchParams.get('token')!
}

/** The token of the newest invitation to `to` (`/invitations/<token>`). */
async function invitationToken(state: State, to: string): Promise<string> {
  return decodeURIComponent(new URL(await state.database.linkFromEmail(to, 'org.invitation')).pathname.split('/').pop()!)
}

/** The account an accepted invitation created, with the session its answer set. */
async function memberSession(state: State, email: string, accepted: HttpResult): Promise<Session> {
  const [user] = await state.database.db.select({ id: users.id }).from(users).where(eq(users.email, email))
  return { userId: user!.id, cookie: cookieFrom(accepted, 'flectar_session') }
}

describe('every change made through the admin API is audited', () => {
  const database = openE2eDatabase()
  const state = { database } as State
  let startedAt: Date

  beforeAll(async () => {
    const owner = await database.createOwner(OWNER_EMAIL, 'Audit Journey Org')
    const created = await createProject(database.db, owner.orgId, { name: 'Audit Journey Site', slug: 'audit-journey-site', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    await database.db.update(projects).set({ modules: ['bookings'] }).where(eq(projects.id, created.id))
    const scope = { orgId: owner.orgId, projectId: created.id }
    // What the samples refer to: a resource open every day, a service on it, the coupon a staff booking uses.
    const resource = await createResource(database.db, scope, { name: 'Audit chair', kind: 'staff', timeZone: 'UTC', weeklyHours: [1, 2, 3, 4, 5, 6, 7].map(weekday => ({ weekday, start: '09:00', end: '17:00' })), active: true }, SYSTEM_ACTOR)
    const service = await createService(database.db, scope, {
      name: 'Audit cut', description: '', durationMinutes: 30, priceAmount: 2000, currency: 'EUR', capacity: 1, bufferBeforeMinutes: 0, bufferAfterMinutes: 0,
      minNoticeMinutes: 60, maxAdvanceDays: 60, dailyLimit: null, slotIntervalMinutes: 15, requiresConfirmation: false, depositKind: 'none', depositValue: 0,
      cancellationWindowHours: 0, reminderMinutes: [1440], active: true, resourceIds: [resource.id],
    }, SYSTEM_ACTOR)
    await createCoupon(database.db, scope, { code: 'FUZZ10', kind: 'percent', amount: 10, validFrom: null, validUntil: null, maxUses: null, serviceIds: [], onePerCustomer: false, active: true }, SYSTEM_ACTOR)
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    const ids: FuzzIds = { orgId: owner.orgId, projectId: created.id, pageId: '', serviceId: service.id, resourceId: resource.id, extraId: '', requirementId: '', bookingId: '', day }
    Object.assign(state, {
      owner: { ...owner, email: OWNER_EMAIL, password: OWNER_PASSWORD },
      ids,
      samples: adminSamples(ids),
      projectPath: `/api/orgs/${owner.orgId}/projects/${created.id}`,
      made: {},
      members: {},
      signup: { userId: '', cookie: '', password: SIGNUP_PASSWORD },
      totpSecret: '',
      recoveryCodes: [],
    })
    const [now] = await database.db.execute<{ now: Date }>(sql`select now() as now`)
    startedAt = new Date(now!.now)
  })
  afterAll(() => database.close())

  /** Rows of `action` written since this file started (the e2e files run one at a time). */
  async function rowsOf(action: string) {
    const [row] = await database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, action), gte(auditEvents.createdAt, startedAt)))
    return row!.n
  }

  it('knows every mutation route of the route tree: done below, or listed with why it writes no row', () => {
    const mutations = discoverAdminRoutes().filter(route => !route.startsWith('GET '))
    const covered = [...AUDITED.map(step => step.route), ...Object.keys(NOT_AUDITED)]
    expect([...covered].sort()).toEqual(mutations)
    // Each route once: a second step for the same route would hide a missing one.
    expect(new Set(covered).size).toBe(covered.length)
  })

  it('adds an audit row, naming who did it, for each change', async () => {
    const missing: string[] = []
    for (const step of AUDITED) {
      await step.before?.(state)
      const before = await rowsOf(step.action)
      const response = await step.send(state)
      expect(response.status, `${step.route}: ${response.body}`).toBeLessThan(300)
      await step.keep?.(state, response.body ? JSON.parse(response.body) as Record<string, unknown> : {}, response)
      if (await rowsOf(step.action) <= before) {
        missing.push(`${step.route} wrote no ${step.action}`)
        continue
      }
      const [row] = await database.db.select().from(auditEvents).where(eq(auditEvents.action, step.action)).orderBy(desc(auditEvents.createdAt)).limit(1)
      if (step.actor) expect(row!.actorUserId, `${step.route}: actor of ${step.action}`).toBe(step.actor(state))
      // From where: the IP-derived key and the user agent of the request, never the address.
      expect(row!.ipKey, `${step.route}: ipKey of ${step.action}`).not.toBe('')
      expect(row!.userAgent, `${step.route}: user agent of ${step.action}`).toBe('audit-journey')
    }
    expect(missing).toEqual([])
  }, 300_000)
})
