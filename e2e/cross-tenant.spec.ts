import { existsSync } from 'node:fs'
import path from 'node:path'
import { eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { apiKeys, auditEvents, invoiceLines, invoicePayments, invoiceProfiles, invoices, verifactuRecords, bookingBlockedDates, bookingCoupons, bookingDateOverrides, bookingExtras, bookingRequirements, bookingResources, bookingServiceResources, bookingServices, bookings, conversationMessages, conversations, customers, messagingChannelSettings, notificationSettings, quickReplies, invitations, mediaAssets, memberships, orgBilling, organizations, subscriptionPlans, pageRevisions, pages, paymentProviderSettings, paymentRefunds, payments, projectDomains, projects, redirects, sessions, waitlistEntries } from '@flectar/db'
import { invoiceDraftSchema, invoiceProfileSchema, issueInvoice, saveInvoiceDraft, saveInvoiceProfile } from '@flectar/invoices'
import { createApiKey, createBlockedDate, createCoupon, createExtra, createRequirement, createResource, createService, upsertDateOverride } from '@flectar/bookings'
import { addDomain, createProject, createRedirect, listPageRevisions, publishPage, uploadMedia } from '@flectar/sites'
import { createLocalDiskStorage } from '@flectar/storage'
import { createPlan } from '@flectar/subscriptions'
import { addConversationNote, createQuickReply, recordInboundMessage } from '@flectar/messaging'
import { adminApi, openE2eDatabase } from './support/accounts'
import { discoverAdminRoutes } from './support/routes'

/**
 * Every admin API route, found from the route tree, must appear in ROUTES below with how
 * it is scoped. Org-scoped and user-scoped routes are called by a member of org A with
 * ids from org B: each must answer 404 and change nothing of B's. A new route file that is
 * not listed here fails the suite.
 */
type IdName = 'orgA' | 'orgB' | 'userB' | 'invitationB' | 'sessionB' | 'projectA' | 'projectB' | 'pageB' | 'domainB' | 'redirectB' | 'revisionB' | 'mediaB'
  | BookingConfigIdName | 'bookingB' | 'customerB' | 'paymentB' | 'venuePaymentB' | 'invoiceB' | 'draftInvoiceB' | 'planB' | 'conversationB' | 'quickReplyB' | 'waitlistEntryB'
/** B's booking configuration; `overrideDateB` is the date of B's resource's override. */
type BookingConfigIdName = 'serviceB' | 'resourceB' | 'overrideDateB' | 'blockedDateB' | 'extraB' | 'requirementB' | 'couponB' | 'apiKeyB'
type Ids = Record<IdName, string>

const ONE_PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

/** The same project-scoped request with B's ids under B's org, and under A's own org and project. */
function projectAttacks(suffix: (ids: Ids) => string, body?: unknown) {
  return (ids: Ids) => [
    { path: `/api/orgs/${ids.orgB}/projects/${ids.projectB}${suffix(ids)}`, body },
    { path: `/api/orgs/${ids.orgA}/projects/${ids.projectB}${suffix(ids)}`, body },
  ]
}

/** A request on a sub-resource of B (page, domain, redirect) through A's own project. */
function subResourceAttacks(suffix: (ids: Ids) => string, body?: unknown) {
  return (ids: Ids) => [
    ...projectAttacks(suffix, body)(ids),
    { path: `/api/orgs/${ids.orgA}/projects/${ids.projectA}${suffix(ids)}`, body },
  ]
}
/** B's booking configuration, one row of each kind, made the way the admin app makes them. */
async function createBookingConfigOfB(db: ReturnType<typeof openE2eDatabase>['db'], scopeB: { orgId: string, projectId: string }, userId: string): Promise<Record<BookingConfigIdName, string>> {
  const resource = await createResource(db, scopeB, { name: 'Tenant B chair', kind: 'staff', timeZone: 'UTC', weeklyHours: [{ weekday: 1, start: '09:00', end: '17:00' }], active: true }, SYSTEM_ACTOR)
  const override = await upsertDateOverride(db, scopeB, resource.id, '2030-12-24', { intervals: [{ start: '09:00', end: '12:00' }] }, SYSTEM_ACTOR)
  const blocked = await createBlockedDate(db, scopeB, { fromDate: '2030-12-25', toDate: '2030-12-26', resourceId: null, reason: 'Tenant B holiday' }, SYSTEM_ACTOR)
  const service = await createService(db, scopeB, {
    name: 'Tenant B cut', description: '', durationMinutes: 30, priceAmount: 2000, currency: 'EUR', capacity: 1, bufferBeforeMinutes: 0, bufferAfterMinutes: 0,
    minNoticeMinutes: 60, maxAdvanceDays: 30, dailyLimit: null, slotIntervalMinutes: 15, requiresConfirmation: false, depositKind: 'none', depositValue: 0,
    cancellationWindowHours: 24, reminderMinutes: [1440], active: true, resourceIds: [resource.id],
  }, SYSTEM_ACTOR)
  const extra = await createExtra(db, scopeB, { name: 'Tenant B wash', priceAmount: 500, durationMinutes: 10, serviceIds: [service.id], active: true }, SYSTEM_ACTOR)
  const requirement = await createRequirement(db, scopeB, { label: 'Tenant B question', kind: 'text', options: [], required: false, serviceIds: [], position: 0 }, SYSTEM_ACTOR)
  const coupon = await createCoupon(db, scopeB, { code: 'TENANTB', kind: 'percent', amount: 10, validFrom: null, validUntil: null, maxUses: null, serviceIds: [], onePerCustomer: false, active: true }, SYSTEM_ACTOR)
  const apiKey = await createApiKey(db, scopeB, { name: 'Tenant B key', scopes: ['bookings:read'] }, { ...SYSTEM_ACTOR, userId: userId })
  return { resourceB: resource.id, overrideDateB: override.date, blockedDateB: blocked.id, serviceB: service.id, extraB: extra.id, requirementB: requirement.id, couponB: coupon.id, apiKeyB: apiKey.id }
}

/** Every booking configuration row of an org, to compare before and after the attacks. */
async function bookingConfigOf(db: ReturnType<typeof openE2eDatabase>['db'], orgId: string, projectId: string) {
  return {
    services: await db.select().from(bookingServices).where(eq(bookingServices.orgId, orgId)),
    serviceResources: await db.select().from(bookingServiceResources).where(eq(bookingServiceResources.projectId, projectId)),
    resources: await db.select().from(bookingResources).where(eq(bookingResources.orgId, orgId)),
    overrides: await db.select().from(bookingDateOverrides).where(eq(bookingDateOverrides.orgId, orgId)),
    blockedDates: await db.select().from(bookingBlockedDates).where(eq(bookingBlockedDates.orgId, orgId)),
    extras: await db.select().from(bookingExtras).where(eq(bookingExtras.orgId, orgId)),
    requirements: await db.select().from(bookingRequirements).where(eq(bookingRequirements.orgId, orgId)),
    coupons: await db.select().from(bookingCoupons).where(eq(bookingCoupons.orgId, orgId)),
    apiKeys: await db.select().from(apiKeys).where(eq(apiKeys.orgId, orgId)),
  }
}

/** A customer of B with a pending booking on B's resource, inserted as the booking flow would store them. */
async function createBookingOfB(db: ReturnType<typeof openE2eDatabase>['db'], scopeB: { orgId: string, projectId: string }, resourceId: string, serviceId: string) {
  const [customer] = await db.insert(customers).values({ ...scopeB, name: 'Tenant B customer', email: 'customer-b@example.com', phone: '+34600000002', notes: 'Tenant B notes' }).returning()
  const startsAt = new Date('2030-12-23T10:00:00Z')
  const endsAt = new Date('2030-12-23T10:30:00Z')
  const [booking] = await db.insert(bookings).values({
    ...scopeB, resourceId, serviceId, customerId: customer!.id, status: 'pending', startsAt, endsAt, blocked: { start: startsAt, end: endsAt },
    timeZone: 'UTC', serviceName: 'Tenant B cut', priceAmount: 2000, source: 'site',
  }).returning()
  // Its deposit paid through Redsys (refundable), and one due at the venue (can be marked paid).
  const [paid, venue] = await db.insert(payments).values([
    { ...scopeB, bookingId: booking!.id, provider: 'redsys', status: 'paid', amountMinor: 500, currency: 'EUR', checkoutId: '0001tenantb', providerPaymentId: '0001tenantb', paidMinor: 500 },
    { ...scopeB, bookingId: booking!.id, provider: 'on_site', status: 'pending', amountMinor: 500, currency: 'EUR', checkoutId: 'onsite_tenant_b' },
  ]).returning()
  return { bookingB: booking!.id, customerB: customer!.id, paymentB: paid!.id, venuePaymentB: venue!.id }
}

/** B's invoicing: a profile with VeriFactu on, an issued invoice and a draft. */
async function createInvoicesOfB(db: ReturnType<typeof openE2eDatabase>['db'], scopeB: { orgId: string, projectId: string }) {
  await saveInvoiceProfile(db, scopeB, invoiceProfileSchema.parse({
    legalName: 'Tenant B S.L.', taxId: 'B99999999', addressLines: ['Tenant B street'], defaultTaxRate: 2100, pricesIncludeTax: true, paymentTermsDays: 0,
    language: 'en', bookingInvoices: 'on_demand', bookingInvoiceKind: 'simplified', verifactu: true, verifactuEnvironment: 'test',
    invoiceSeries: { prefix: 'B', yearlyReset: true, firstNumber: 1, digits: 4 }, creditNoteSeries: { prefix: 'BR', yearlyReset: true, firstNumber: 1, digits: 4 },
  }), SYSTEM_ACTOR)
  const draft = invoiceDraftSchema.parse({ kind: 'simplified', customer: { name: 'Tenant B customer', email: 'customer-b@example.com' }, lines: [{ description: 'Tenant B cut', quantityMilli: 1000, unitPriceMinor: 2000, taxRate: 2100 }] })
  const issued = await saveInvoiceDraft(db, scopeB, draft, SYSTEM_ACTOR)
  await issueInvoice(db, scopeB, issued.id, {}, SYSTEM_ACTOR)
  const pending = await saveInvoiceDraft(db, scopeB, draft, SYSTEM_ACTOR)
  return { invoiceB: issued.id, draftInvoiceB: pending.id }
}

/** B's inbox: a customer's conversation with a message and a note, and a saved quick reply. */
async function createInboxOfB(db: ReturnType<typeof openE2eDatabase>['db'], scopeB: { orgId: string, projectId: string }, userId: string) {
  const recorded = await recordInboundMessage(db, scopeB, { channel: 'form', from: { name: 'Tenant B writer', email: 'writer-b@example.com' }, body: 'Tenant B secret question' })
  await addConversationNote(db, scopeB, recorded.conversationId, { body: 'Tenant B internal note' }, { userId })
  const quickReply = await createQuickReply(db, scopeB, { title: 'Tenant B hello', body: 'Hello from B' })
  return { conversationB: recorded.conversationId, quickReplyB: quickReply.id }
}

/** Someone on B's waitlist. */
async function createWaitlistOfB(db: ReturnType<typeof openE2eDatabase>['db'], scopeB: { orgId: string, projectId: string }, serviceId: string) {
  const [entry] = await db.insert(waitlistEntries).values({ ...scopeB, serviceId, name: 'Tenant B waiter', email: 'waiter-b@example.com', fromDate: '2030-12-23', toDate: '2030-12-24', timeZone: 'UTC' }).returning()
  return { waitlistEntryB: entry!.id }
}

/** B's subscription plan. */
async function createPlanOfB(db: ReturnType<typeof openE2eDatabase>['db'], scopeB: { orgId: string, projectId: string }) {
  const plan = await createPlan(db, scopeB, { name: 'Tenant B monthly', priceMinor: 3000, interval: 'month', bookingsPerPeriod: 4 }, SYSTEM_ACTOR)
  return { planB: plan.id }
}

interface RouteCase {
  scope: 'public' | 'user' | 'org'
  /** Requests made as org A's owner with B's ids; each must be 404. */
  attacks?: (ids: Ids) => Array<{ path: string, body?: unknown }>
}

const ROUTES: Record<string, RouteCase> = {
  'GET /api/templates': { scope: 'user' },
  'GET /api/orgs/[orgId]/projects': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/projects` }] },
  'POST /api/orgs/[orgId]/projects': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/projects`, body: { name: 'Spy', slug: 'spy-site' } }] },
  'GET /api/orgs/[orgId]/projects/[projectId]': { scope: 'org', attacks: projectAttacks(() => '') },
  'PATCH /api/orgs/[orgId]/projects/[projectId]': { scope: 'org', attacks: projectAttacks(() => '', { name: 'Taken over' }) },
  'GET /api/orgs/[orgId]/projects/[projectId]/checklist': { scope: 'org', attacks: projectAttacks(() => '/checklist') },
  'POST /api/orgs/[orgId]/projects/[projectId]/publish': { scope: 'org', attacks: projectAttacks(() => '/publish') },
  'GET /api/orgs/[orgId]/projects/[projectId]/navigation': { scope: 'org', attacks: projectAttacks(() => '/navigation') },
  'PUT /api/orgs/[orgId]/projects/[projectId]/navigation': { scope: 'org', attacks: projectAttacks(() => '/navigation', { menus: { en: { header: [{ id: 'x', kind: 'external', label: 'Spy', url: 'https://spy.example' }] } } }) },
  'PUT /api/orgs/[orgId]/projects/[projectId]/theme': { scope: 'org', attacks: projectAttacks(() => '/theme', { theme: { palette: { primary: '#000000', accent: '#000000', background: '#ffffff', text: '#000000' }, typography: { heading: 'inter', body: 'inter' }, radius: 'none', mode: 'light' } }) },
  'GET /api/orgs/[orgId]/projects/[projectId]/payments': { scope: 'org', attacks: projectAttacks(ids => `/payments?bookingId=${ids.bookingB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/payments/[paymentId]': { scope: 'org', attacks: subResourceAttacks(ids => `/payments/${ids.paymentB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/payments/providers': { scope: 'org', attacks: projectAttacks(() => '/payments/providers') },
  'POST /api/orgs/[orgId]/projects/[projectId]/payments/[paymentId]/refunds': { scope: 'org', attacks: subResourceAttacks(ids => `/payments/${ids.paymentB}/refunds`, { amount: 100, reason: 'Spy' }) },
  'POST /api/orgs/[orgId]/projects/[projectId]/payments/[paymentId]/paid-at-venue': { scope: 'org', attacks: subResourceAttacks(ids => `/payments/${ids.venuePaymentB}/paid-at-venue`, { method: 'cash' }) },
  'POST /api/orgs/[orgId]/projects/[projectId]/payments/providers/[provider]/test': { scope: 'org', attacks: projectAttacks(() => '/payments/providers/stripe/test') },
  'GET /api/orgs/[orgId]/projects/[projectId]/invoices/profile': { scope: 'org', attacks: projectAttacks(() => '/invoices/profile') },
  'PUT /api/orgs/[orgId]/projects/[projectId]/invoices/profile': { scope: 'org', attacks: projectAttacks(() => '/invoices/profile', { legalName: 'Spy', taxId: 'X1234567', addressLines: [], defaultTaxRate: 0, pricesIncludeTax: true, paymentTermsDays: 0, language: 'en', bookingInvoices: 'automatic', bookingInvoiceKind: 'simplified', verifactu: false, verifactuEnvironment: 'test', invoiceSeries: { prefix: 'S', yearlyReset: false, firstNumber: 1, digits: 4 }, creditNoteSeries: { prefix: 'SR', yearlyReset: false, firstNumber: 1, digits: 4 } }) },
  'GET /api/orgs/[orgId]/projects/[projectId]/invoices': { scope: 'org', attacks: projectAttacks(() => '/invoices') },
  'POST /api/orgs/[orgId]/projects/[projectId]/invoices': { scope: 'org', attacks: projectAttacks(() => '/invoices', { kind: 'simplified', lines: [{ description: 'Spy', quantityMilli: 1000, unitPriceMinor: 1, taxRate: 0 }] }) },
  'GET /api/orgs/[orgId]/projects/[projectId]/invoices/export.csv': { scope: 'org', attacks: projectAttacks(() => '/invoices/export.csv?from=2020-01-01&to=2040-12-31') },
  'GET /api/orgs/[orgId]/projects/[projectId]/invoices/export.zip': { scope: 'org', attacks: projectAttacks(() => '/invoices/export.zip?from=2020-01-01&to=2040-12-31') },
  'POST /api/orgs/[orgId]/projects/[projectId]/invoices/verifactu/verify': { scope: 'org', attacks: projectAttacks(() => '/invoices/verifactu/verify') },
  'GET /api/orgs/[orgId]/projects/[projectId]/subscriptions': { scope: 'org', attacks: projectAttacks(() => '/subscriptions') },
  'GET /api/orgs/[orgId]/projects/[projectId]/subscriptions/plans': { scope: 'org', attacks: projectAttacks(() => '/subscriptions/plans') },
  'POST /api/orgs/[orgId]/projects/[projectId]/subscriptions/plans': { scope: 'org', attacks: projectAttacks(() => '/subscriptions/plans', { name: 'Spy', priceMinor: 100, interval: 'month' }) },
  'PUT /api/orgs/[orgId]/projects/[projectId]/subscriptions/plans/[planId]': { scope: 'org', attacks: subResourceAttacks(ids => `/subscriptions/plans/${ids.planB}`, { name: 'Spy', priceMinor: 100, interval: 'month' }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/subscriptions/plans/[planId]': { scope: 'org', attacks: subResourceAttacks(ids => `/subscriptions/plans/${ids.planB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]': { scope: 'org', attacks: subResourceAttacks(ids => `/invoices/${ids.invoiceB}`) },
  'PUT /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]': { scope: 'org', attacks: subResourceAttacks(ids => `/invoices/${ids.draftInvoiceB}`, { kind: 'simplified', lines: [{ description: 'Spy', quantityMilli: 1000, unitPriceMinor: 1, taxRate: 0 }] }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]': { scope: 'org', attacks: subResourceAttacks(ids => `/invoices/${ids.draftInvoiceB}`) },
  'POST /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/issue': { scope: 'org', attacks: subResourceAttacks(ids => `/invoices/${ids.draftInvoiceB}/issue`, {}) },
  'POST /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/payments': { scope: 'org', attacks: subResourceAttacks(ids => `/invoices/${ids.invoiceB}/payments`, { amountMinor: 100, method: 'cash', paidOn: '2030-01-01' }) },
  'POST /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/credit-notes': { scope: 'org', attacks: subResourceAttacks(ids => `/invoices/${ids.invoiceB}/credit-notes`, { reason: 'Spy' }) },
  'POST /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/void': { scope: 'org', attacks: subResourceAttacks(ids => `/invoices/${ids.invoiceB}/void`, { reason: 'Spy' }) },
  'POST /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/send': { scope: 'org', attacks: subResourceAttacks(ids => `/invoices/${ids.invoiceB}/send`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/pdf': { scope: 'org', attacks: subResourceAttacks(ids => `/invoices/${ids.invoiceB}/pdf`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/verifactu.xml': { scope: 'org', attacks: subResourceAttacks(ids => `/invoices/${ids.invoiceB}/verifactu.xml`) },
  'PUT /api/orgs/[orgId]/projects/[projectId]/payments/providers/[provider]': { scope: 'org', attacks: projectAttacks(() => '/payments/providers/redsys', { merchantCode: '999008881', terminal: '1', secretKey: 'sq7HjrUOBfKmC576ILgskD5srU870gJ7', environment: 'live', bizum: false, enabled: true }) },
  // The inbox: the org-wide list (with B's project as a filter from A's org), B's conversation, quick replies, channels.
  'GET /api/orgs/[orgId]/inbox': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/inbox` }, { path: `/api/orgs/${ids.orgA}/inbox?projectId=${ids.projectB}&status=all` }] },
  'GET /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]': { scope: 'org', attacks: subResourceAttacks(ids => `/conversations/${ids.conversationB}`) },
  'PATCH /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]': { scope: 'org', attacks: subResourceAttacks(ids => `/conversations/${ids.conversationB}`, { status: 'closed' }) },
  'POST /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]/read': { scope: 'org', attacks: subResourceAttacks(ids => `/conversations/${ids.conversationB}/read`) },
  'POST /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]/replies': { scope: 'org', attacks: subResourceAttacks(ids => `/conversations/${ids.conversationB}/replies`, { channel: 'email', body: 'Spy reply' }) },
  'POST /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]/notes': { scope: 'org', attacks: subResourceAttacks(ids => `/conversations/${ids.conversationB}/notes`, { body: 'Spy note' }) },
  'GET /api/orgs/[orgId]/projects/[projectId]/quick-replies': { scope: 'org', attacks: projectAttacks(() => '/quick-replies') },
  'POST /api/orgs/[orgId]/projects/[projectId]/quick-replies': { scope: 'org', attacks: projectAttacks(() => '/quick-replies', { title: 'Spy', body: 'Spy' }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/quick-replies/[quickReplyId]': { scope: 'org', attacks: subResourceAttacks(ids => `/quick-replies/${ids.quickReplyB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/messaging-channels': { scope: 'org', attacks: projectAttacks(() => '/messaging-channels') },
  'PUT /api/orgs/[orgId]/projects/[projectId]/messaging-channels/[channel]': { scope: 'org', attacks: projectAttacks(() => '/messaging-channels/sms', { enabled: true, accountSid: `AC${'0'.repeat(32)}`, fromNumber: '+34600000009', authToken: 'spy-token' }) },
  'GET /api/orgs/[orgId]/projects/[projectId]/notifications': { scope: 'org', attacks: projectAttacks(() => '/notifications') },
  'PUT /api/orgs/[orgId]/projects/[projectId]/notifications': { scope: 'org', attacks: projectAttacks(() => '/notifications', { sendNothing: true, ownerNewBooking: false, ownerNewMessage: false }) },
  'GET /api/orgs/[orgId]/projects/[projectId]/turnstile': { scope: 'org', attacks: projectAttacks(() => '/turnstile') },
  'PUT /api/orgs/[orgId]/projects/[projectId]/turnstile': { scope: 'org', attacks: projectAttacks(() => '/turnstile', { enabled: true, siteKey: '1x00000000000000000000AA', secretKey: 'spy-secret' }) },
  'GET /api/orgs/[orgId]/projects/[projectId]/pages': { scope: 'org', attacks: projectAttacks(() => '/pages') },
  'POST /api/orgs/[orgId]/projects/[projectId]/pages': { scope: 'org', attacks: projectAttacks(() => '/pages', { path: '/spy', title: 'Spy' }) },
  'GET /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]': { scope: 'org', attacks: subResourceAttacks(ids => `/pages/${ids.pageB}`) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]': { scope: 'org', attacks: subResourceAttacks(ids => `/pages/${ids.pageB}`) },
  'PUT /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]/draft': { scope: 'org', attacks: subResourceAttacks(ids => `/pages/${ids.pageB}/draft`, { version: 1, content: { title: 'Defaced', blocks: [] } }) },
  'POST /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]/publish': { scope: 'org', attacks: subResourceAttacks(ids => `/pages/${ids.pageB}/publish`) },
  'POST /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]/unpublish': { scope: 'org', attacks: subResourceAttacks(ids => `/pages/${ids.pageB}/unpublish`) },
  'POST /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]/preview': { scope: 'org', attacks: subResourceAttacks(ids => `/pages/${ids.pageB}/preview`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]/revisions': { scope: 'org', attacks: subResourceAttacks(ids => `/pages/${ids.pageB}/revisions`) },
  'POST /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]/revisions/[revisionId]/restore': { scope: 'org', attacks: subResourceAttacks(ids => `/pages/${ids.pageB}/revisions/${ids.revisionB}/restore`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/domains': { scope: 'org', attacks: projectAttacks(() => '/domains') },
  'POST /api/orgs/[orgId]/projects/[projectId]/domains': { scope: 'org', attacks: projectAttacks(() => '/domains', { hostname: 'spy.example.com' }) },
  'POST /api/orgs/[orgId]/projects/[projectId]/domains/[domainId]/verify': { scope: 'org', attacks: subResourceAttacks(ids => `/domains/${ids.domainB}/verify`) },
  'POST /api/orgs/[orgId]/projects/[projectId]/domains/[domainId]/primary': { scope: 'org', attacks: subResourceAttacks(ids => `/domains/${ids.domainB}/primary`) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/domains/[domainId]': { scope: 'org', attacks: subResourceAttacks(ids => `/domains/${ids.domainB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/redirects': { scope: 'org', attacks: projectAttacks(() => '/redirects') },
  'POST /api/orgs/[orgId]/projects/[projectId]/redirects': { scope: 'org', attacks: projectAttacks(() => '/redirects', { fromPath: '/spy', toPath: '/elsewhere' }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/redirects/[redirectId]': { scope: 'org', attacks: subResourceAttacks(ids => `/redirects/${ids.redirectB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/analytics': { scope: 'org', attacks: projectAttacks(() => '/analytics?range=30d') },
  'GET /api/orgs/[orgId]/projects/[projectId]/analytics/realtime': { scope: 'org', attacks: projectAttacks(() => '/analytics/realtime') },
  'GET /api/orgs/[orgId]/projects/[projectId]/analytics/export': { scope: 'org', attacks: projectAttacks(() => '/analytics/export?range=90d') },
  'GET /api/orgs/[orgId]/projects/[projectId]/media': { scope: 'org', attacks: projectAttacks(() => '/media') },
  'POST /api/orgs/[orgId]/projects/[projectId]/media': { scope: 'org', attacks: projectAttacks(() => '/media', { alt: 'Spy' }) },
  'PATCH /api/orgs/[orgId]/projects/[projectId]/media/[assetId]': { scope: 'org', attacks: subResourceAttacks(ids => `/media/${ids.mediaB}`, { alt: 'Defaced' }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/media/[assetId]': { scope: 'org', attacks: subResourceAttacks(ids => `/media/${ids.mediaB}`) },
  // Booking configuration (role editor) and API keys (role admin).
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/services': { scope: 'org', attacks: projectAttacks(() => '/bookings/services') },
  'POST /api/orgs/[orgId]/projects/[projectId]/bookings/services': { scope: 'org', attacks: projectAttacks(() => '/bookings/services', { name: 'Spy', durationMinutes: 30 }) },
  'POST /api/orgs/[orgId]/projects/[projectId]/bookings/services/reorder': { scope: 'org', attacks: projectAttacks(() => '/bookings/services/reorder', { ids: ['00000000-0000-4000-8000-000000000000'] }) },
  'PATCH /api/orgs/[orgId]/projects/[projectId]/bookings/services/[serviceId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/services/${ids.serviceB}`, { name: 'Defaced', active: false }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/bookings/services/[serviceId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/services/${ids.serviceB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/resources': { scope: 'org', attacks: projectAttacks(() => '/bookings/resources') },
  'POST /api/orgs/[orgId]/projects/[projectId]/bookings/resources': { scope: 'org', attacks: projectAttacks(() => '/bookings/resources', { name: 'Spy', timeZone: 'UTC' }) },
  'PATCH /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/resources/${ids.resourceB}`, { name: 'Defaced', weeklyHours: [] }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/resources/${ids.resourceB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]/overrides': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/resources/${ids.resourceB}/overrides`) },
  'PUT /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]/overrides/[date]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/resources/${ids.resourceB}/overrides/${ids.overrideDateB}`, { intervals: [] }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]/overrides/[date]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/resources/${ids.resourceB}/overrides/${ids.overrideDateB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/blocked-dates': { scope: 'org', attacks: projectAttacks(() => '/bookings/blocked-dates') },
  'POST /api/orgs/[orgId]/projects/[projectId]/bookings/blocked-dates': { scope: 'org', attacks: projectAttacks(() => '/bookings/blocked-dates', { fromDate: '2030-01-01', toDate: '2030-01-02' }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/bookings/blocked-dates/[blockedDateId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/blocked-dates/${ids.blockedDateB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/extras': { scope: 'org', attacks: projectAttacks(() => '/bookings/extras') },
  'POST /api/orgs/[orgId]/projects/[projectId]/bookings/extras': { scope: 'org', attacks: projectAttacks(() => '/bookings/extras', { name: 'Spy' }) },
  'PATCH /api/orgs/[orgId]/projects/[projectId]/bookings/extras/[extraId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/extras/${ids.extraB}`, { name: 'Defaced' }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/bookings/extras/[extraId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/extras/${ids.extraB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/requirements': { scope: 'org', attacks: projectAttacks(() => '/bookings/requirements') },
  'POST /api/orgs/[orgId]/projects/[projectId]/bookings/requirements': { scope: 'org', attacks: projectAttacks(() => '/bookings/requirements', { label: 'Spy?', kind: 'text' }) },
  'PATCH /api/orgs/[orgId]/projects/[projectId]/bookings/requirements/[requirementId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/requirements/${ids.requirementB}`, { label: 'Defaced' }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/bookings/requirements/[requirementId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/requirements/${ids.requirementB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/coupons': { scope: 'org', attacks: projectAttacks(() => '/bookings/coupons') },
  'POST /api/orgs/[orgId]/projects/[projectId]/bookings/coupons': { scope: 'org', attacks: projectAttacks(() => '/bookings/coupons', { code: 'SPY', kind: 'percent', amount: 50 }) },
  'PATCH /api/orgs/[orgId]/projects/[projectId]/bookings/coupons/[couponId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/coupons/${ids.couponB}`, { active: false }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/bookings/coupons/[couponId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/coupons/${ids.couponB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/waitlist': { scope: 'org', attacks: projectAttacks(() => '/bookings/waitlist') },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/bookings/waitlist/[entryId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/waitlist/${ids.waitlistEntryB}`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/api-keys': { scope: 'org', attacks: projectAttacks(() => '/api-keys') },
  'POST /api/orgs/[orgId]/projects/[projectId]/api-keys': { scope: 'org', attacks: projectAttacks(() => '/api-keys', { name: 'Spy', scopes: ['bookings:read'] }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/api-keys/[keyId]': { scope: 'org', attacks: subResourceAttacks(ids => `/api-keys/${ids.apiKeyB}`) },
  // Booking operations (read: viewer; change: editor) and customers.
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/items': { scope: 'org', attacks: projectAttacks(() => '/bookings/items') },
  'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items': { scope: 'org', attacks: ids => projectAttacks(() => '/bookings/items', { serviceId: ids.serviceB, start: '2030-12-23T11:00:00Z', customer: { name: 'Spy', phone: '+34600000009' } })(ids) },
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/items/[bookingId]': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/items/${ids.bookingB}`) },
  'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items/[bookingId]/status': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/items/${ids.bookingB}/status`, { action: 'cancel', reason: 'Spy' }) },
  'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items/[bookingId]/move': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/items/${ids.bookingB}/move`, { start: '2030-12-23T11:00:00Z' }) },
  'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items/[bookingId]/invoice': { scope: 'org', attacks: subResourceAttacks(ids => `/bookings/items/${ids.bookingB}/invoice`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/slots': { scope: 'org', attacks: projectAttacks(ids => `/bookings/slots?serviceId=${ids.serviceB}&from=2030-12-23&to=2030-12-23`) },
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/resources-summary': { scope: 'org', attacks: projectAttacks(() => '/bookings/resources-summary') },
  'GET /api/orgs/[orgId]/projects/[projectId]/bookings/bookable-services': { scope: 'org', attacks: projectAttacks(() => '/bookings/bookable-services') },
  'GET /api/orgs/[orgId]/projects/[projectId]/customers': { scope: 'org', attacks: projectAttacks(() => '/customers') },
  'GET /api/orgs/[orgId]/projects/[projectId]/customers/[customerId]': { scope: 'org', attacks: subResourceAttacks(ids => `/customers/${ids.customerB}`) },
  'PATCH /api/orgs/[orgId]/projects/[projectId]/customers/[customerId]': { scope: 'org', attacks: subResourceAttacks(ids => `/customers/${ids.customerB}`, { name: 'Defaced', notes: 'Spy' }) },
  'DELETE /api/orgs/[orgId]/projects/[projectId]/customers/[customerId]': { scope: 'org', attacks: subResourceAttacks(ids => `/customers/${ids.customerB}`) },
  'GET /api/health': { scope: 'public' },
  'POST /api/auth/sign-up': { scope: 'public' },
  'POST /api/webhooks/stripe/[projectId]': { scope: 'public' },
  'POST /api/webhooks/paypal/[projectId]': { scope: 'public' },
  'POST /api/webhooks/redsys/[projectId]': { scope: 'public' },
  'POST /api/webhooks/platform-billing': { scope: 'public' },
  'POST /api/webhooks/resend': { scope: 'public' },
  'POST /api/webhooks/twilio/[projectId]': { scope: 'public' },
  'GET /api/webhooks/whatsapp': { scope: 'public' },
  'POST /api/webhooks/whatsapp': { scope: 'public' },
  'POST /api/auth/sign-in': { scope: 'public' },
  'POST /api/auth/two-factor': { scope: 'public' },
  'POST /api/auth/sign-out': { scope: 'public' },
  'POST /api/auth/verify-email': { scope: 'public' },
  'POST /api/auth/password-reset': { scope: 'public' },
  'POST /api/auth/password-reset/confirm': { scope: 'public' },
  'POST /api/auth/magic-link': { scope: 'public' },
  'POST /api/auth/magic-link/verify': { scope: 'public' },
  'GET /api/auth/providers': { scope: 'public' },
  'GET /api/auth/google/start': { scope: 'public' },
  'GET /api/auth/google/callback': { scope: 'public' },
  'GET /api/invitations/[token]': { scope: 'public' },
  'POST /api/invitations/accept': { scope: 'public' },
  'POST /api/invitations/decline': { scope: 'public' },
  'GET /api/dev/mailbox': { scope: 'public' },
  'GET /api/dev/mailbox/[messageId]': { scope: 'public' },
  'GET /api/auth/me': { scope: 'user' },
  'GET /api/orgs': { scope: 'user' },
  'POST /api/orgs': { scope: 'user' },
  'GET /api/account/sessions': { scope: 'user' },
  'POST /api/account/sessions/revoke-others': { scope: 'user' },
  'POST /api/account/password': { scope: 'user' },
  'POST /api/account/two-factor/enrol': { scope: 'user' },
  'POST /api/account/two-factor/confirm': { scope: 'user' },
  'POST /api/account/two-factor/disable': { scope: 'user' },
  'POST /api/account/two-factor/recovery-codes': { scope: 'user' },
  'GET /api/account/profile': { scope: 'user' },
  'PATCH /api/account/profile': { scope: 'user' },
  'GET /api/account/avatar': { scope: 'user' },
  'PUT /api/account/avatar': { scope: 'user' },
  'DELETE /api/account/avatar': { scope: 'user' },
  'POST /api/account/email': { scope: 'user' },
  'POST /api/account/delete': { scope: 'user' },
  'POST /api/auth/confirm-email-change': { scope: 'public' },
  'DELETE /api/account/sessions/[sessionId]': { scope: 'user', attacks: ids => [{ path: `/api/account/sessions/${ids.sessionB}` }] },
  'PATCH /api/orgs/[orgId]': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}`, body: { name: 'Taken over' } }] },
  'POST /api/orgs/[orgId]/switch': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/switch` }] },
  'POST /api/orgs/[orgId]/leave': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/leave` }] },
  'GET /api/orgs/[orgId]/audit': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/audit` }] },
  'GET /api/orgs/[orgId]/billing': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/billing` }] },
  'POST /api/orgs/[orgId]/billing/checkout': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/billing/checkout`, body: { plan: 'business' } }] },
  'POST /api/orgs/[orgId]/billing/portal': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/billing/portal` }] },
  'GET /api/orgs/[orgId]/members': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/members` }] },
  'PATCH /api/orgs/[orgId]/members/[userId]': { scope: 'org', attacks: ids => [
    { path: `/api/orgs/${ids.orgB}/members/${ids.userB}`, body: { role: 'viewer' } },
    { path: `/api/orgs/${ids.orgA}/members/${ids.userB}`, body: { role: 'viewer' } },
  ] },
  'DELETE /api/orgs/[orgId]/members/[userId]': { scope: 'org', attacks: ids => [
    { path: `/api/orgs/${ids.orgB}/members/${ids.userB}` },
    { path: `/api/orgs/${ids.orgA}/members/${ids.userB}` },
  ] },
  'GET /api/orgs/[orgId]/invitations': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/invitations` }] },
  'POST /api/orgs/[orgId]/invitations': { scope: 'org', attacks: ids => [{ path: `/api/orgs/${ids.orgB}/invitations`, body: { email: 'spy@example.com', role: 'admin' } }] },
  'POST /api/orgs/[orgId]/invitations/[invitationId]/resend': { scope: 'org', attacks: ids => [
    { path: `/api/orgs/${ids.orgB}/invitations/${ids.invitationB}/resend` },
    { path: `/api/orgs/${ids.orgA}/invitations/${ids.invitationB}/resend` },
  ] },
  'DELETE /api/orgs/[orgId]/invitations/[invitationId]': { scope: 'org', attacks: ids => [
    { path: `/api/orgs/${ids.orgB}/invitations/${ids.invitationB}` },
    { path: `/api/orgs/${ids.orgA}/invitations/${ids.invitationB}` },
  ] },
}

describe('cross-tenant isolation of the admin API', () => {
  const database = openE2eDatabase()
  let a: Awaited<ReturnType<typeof database.createOwner>>
  let b: Awaited<ReturnType<typeof database.createOwner>>
  let ids: Ids

  beforeAll(async () => {
    a = await database.createOwner('tenant-a@example.com', 'Tenant A')
    b = await database.createOwner('tenant-b@example.com', 'Tenant B')
    const invitation = await database.createInvitation(b.userId, b.orgId, 'invitee-b@example.com')
    const session = await database.createSession(b.userId)
    const { db } = database
    const projectA = await createProject(db, a.orgId, { name: 'A Site', slug: 'tenant-a-site', templateKey: 'link-in-bio', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    const projectB = await createProject(db, b.orgId, { name: 'B Site', slug: 'tenant-b-site', templateKey: 'link-in-bio', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    const scopeB = { orgId: b.orgId, projectId: projectB.id }
    const [pageB] = await db.select().from(pages).where(eq(pages.projectId, projectB.id))
    await publishPage(db, scopeB, pageB!.id, { ...SYSTEM_ACTOR, userId: b.userId })
    const [revisionB] = await listPageRevisions(db, scopeB, pageB!.id)
    const domainB = await addDomain(db, scopeB, { hostname: 'www.tenant-b.example' }, 'localhost', SYSTEM_ACTOR)
    const redirectB = await createRedirect(db, scopeB, { fromPath: '/old', toPath: '/', statusCode: 301 }, SYSTEM_ACTOR)
    // Into the directory the apps store files in, as an upload through the admin app would.
    const mediaB = await uploadMedia(db, createLocalDiskStorage({ root: inject('appEnv').STORAGE_DIR! }), scopeB, { filename: 'b.gif', bytes: ONE_PIXEL_GIF, alt: 'Tenant B pixel' }, { ...SYSTEM_ACTOR, userId: b.userId })
    const bookingIdsB = await createBookingConfigOfB(db, scopeB, b.userId)
    const bookingOpsB = await createBookingOfB(db, scopeB, bookingIdsB.resourceB, bookingIdsB.serviceB)
    const invoiceIdsB = await createInvoicesOfB(db, scopeB)
    const planIdsB = await createPlanOfB(db, scopeB)
    const inboxIdsB = await createInboxOfB(db, scopeB, b.userId)
    const waitlistIdsB = await createWaitlistOfB(db, scopeB, bookingIdsB.serviceB)
    ids = {
      orgA: a.orgId, orgB: b.orgId, userB: b.userId, invitationB: invitation.id, sessionB: session.session.id,
      projectA: projectA.id, projectB: projectB.id, pageB: pageB!.id, domainB: domainB.id, redirectB: redirectB.id, revisionB: revisionB!.id, mediaB: mediaB.id,
      ...bookingIdsB, ...bookingOpsB, ...invoiceIdsB, ...planIdsB, ...inboxIdsB, ...waitlistIdsB,
    }
  })
  afterAll(() => database.close())

  /** Everything of org B an attack could change. */
  async function snapshotOfB() {
    const { db } = database
    return {
      org: await db.select().from(organizations).where(eq(organizations.id, b.orgId)),
      members: await db.select().from(memberships).where(eq(memberships.orgId, b.orgId)),
      invitations: await db.select().from(invitations).where(eq(invitations.orgId, b.orgId)),
      billing: await db.select().from(orgBilling).where(eq(orgBilling.orgId, b.orgId)),
      sessions: await db.select({ id: sessions.id, revokedAt: sessions.revokedAt, activeOrgId: sessions.activeOrgId }).from(sessions).where(eq(sessions.userId, b.userId)),
      audit: await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(inArray(auditEvents.orgId, [b.orgId])),
      projects: await db.select().from(projects).where(eq(projects.orgId, b.orgId)),
      pages: await db.select().from(pages).where(eq(pages.orgId, b.orgId)),
      revisions: await db.select({ id: pageRevisions.id }).from(pageRevisions).where(eq(pageRevisions.orgId, b.orgId)),
      domains: await db.select().from(projectDomains).where(eq(projectDomains.orgId, b.orgId)),
      redirects: await db.select().from(redirects).where(eq(redirects.orgId, b.orgId)),
      paymentProviders: await db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.orgId, b.orgId)),
      media: await db.select().from(mediaAssets).where(eq(mediaAssets.orgId, b.orgId)),
      bookingConfig: await bookingConfigOf(db, b.orgId, ids.projectB),
      bookings: await db.select().from(bookings).where(eq(bookings.orgId, b.orgId)),
      customers: await db.select().from(customers).where(eq(customers.orgId, b.orgId)),
      payments: await db.select().from(payments).where(eq(payments.orgId, b.orgId)),
      invoiceProfiles: await db.select().from(invoiceProfiles).where(eq(invoiceProfiles.orgId, b.orgId)),
      subscriptionPlans: await db.select().from(subscriptionPlans).where(eq(subscriptionPlans.orgId, b.orgId)),
      conversations: await db.select().from(conversations).where(eq(conversations.orgId, b.orgId)),
      conversationMessages: await db.select().from(conversationMessages).where(eq(conversationMessages.orgId, b.orgId)),
      quickReplies: await db.select().from(quickReplies).where(eq(quickReplies.orgId, b.orgId)),
      waitlist: await db.select().from(waitlistEntries).where(eq(waitlistEntries.orgId, b.orgId)),
      messagingChannels: await db.select().from(messagingChannelSettings).where(eq(messagingChannelSettings.orgId, b.orgId)),
      notificationSettings: await db.select().from(notificationSettings).where(eq(notificationSettings.orgId, b.orgId)),
      invoices: await db.select().from(invoices).where(eq(invoices.orgId, b.orgId)),
      invoiceLines: await db.select({ id: invoiceLines.id, unitPriceMinor: invoiceLines.unitPriceMinor }).from(invoiceLines).innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId)).where(eq(invoices.orgId, b.orgId)),
      invoicePayments: await db.select({ id: invoicePayments.id }).from(invoicePayments).innerJoin(invoices, eq(invoices.id, invoicePayments.invoiceId)).where(eq(invoices.orgId, b.orgId)),
      verifactu: await db.select({ id: verifactuRecords.id }).from(verifactuRecords).where(eq(verifactuRecords.orgId, b.orgId)),
      refunds: await db.select({ id: paymentRefunds.id }).from(paymentRefunds).innerJoin(payments, eq(payments.id, paymentRefunds.paymentId)).where(eq(payments.orgId, b.orgId)),
      mediaFileExists: existsSync(path.join(inject('appEnv').STORAGE_DIR!, 'media', ids.projectB, ids.mediaB, 'original.gif')),
    }
  }

  it('lists every route of the route tree, and nothing that no longer exists', () => {
    expect(discoverAdminRoutes()).toEqual(Object.keys(ROUTES).sort())
    const orgRoutesWithoutAttacks = Object.entries(ROUTES).filter(([, spec]) => spec.scope === 'org' && !spec.attacks).map(([route]) => route)
    expect(orgRoutesWithoutAttacks).toEqual([])
  })

  it('answers 404 to every org- and user-scoped route called with another tenant\'s ids, changing nothing', async () => {
    const before = await snapshotOfB()
    expect(before.media).toHaveLength(1)
    expect(Object.values(before.bookingConfig).map(rows => rows.length)).toEqual(Array(9).fill(1))
    expect([before.bookings.length, before.customers.length, before.payments.length, before.conversationMessages.length]).toEqual([1, 2, 2, 2])
    expect(before.mediaFileExists).toBe(true)
    const attempts: string[] = []
    for (const [route, spec] of Object.entries(ROUTES)) {
      const method = route.split(' ')[0]!
      for (const attack of spec.attacks?.(ids) ?? []) {
        const response = await adminApi(method, attack.path, { cookie: a.cookie, body: attack.body, headers: { 'x-forwarded-for': '198.51.100.7' } })
        attempts.push(`${method} ${attack.path} -> ${response.status}`)
        expect(response.status, `${method} ${attack.path}: ${response.body}`).toBe(404)
        expect(response.body).not.toContain('Tenant B')
      }
    }
    expect(attempts.length).toBe(Object.values(ROUTES).reduce((total, spec) => total + (spec.attacks?.(ids).length ?? 0), 0))
    expect(await snapshotOfB()).toEqual(before)
  })

  it('refuses every org- and user-scoped route without a session (401)', async () => {
    for (const [route, spec] of Object.entries(ROUTES)) {
      if (spec.scope === 'public') continue
      const [method, template] = route.split(' ') as [string, string]
      const concrete = template.replace('[orgId]', ids.orgA).replace('[userId]', ids.userB).replace('[invitationId]', ids.invitationB).replace('[sessionId]', ids.sessionB).replace('[projectId]', ids.projectA).replace('[pageId]', ids.pageB).replace('[domainId]', ids.domainB).replace('[redirectId]', ids.redirectB).replace('[revisionId]', ids.revisionB).replace('[assetId]', ids.mediaB)
        .replace('[serviceId]', ids.serviceB).replace('[resourceId]', ids.resourceB).replace('[date]', ids.overrideDateB).replace('[blockedDateId]', ids.blockedDateB).replace('[extraId]', ids.extraB).replace('[requirementId]', ids.requirementB).replace('[couponId]', ids.couponB).replace('[keyId]', ids.apiKeyB)
        .replace('[bookingId]', ids.bookingB).replace('[customerId]', ids.customerB).replace('[paymentId]', ids.paymentB).replace('[provider]', 'stripe').replace('[entryId]', ids.waitlistEntryB)
      const response = await adminApi(method, concrete, { body: method === 'POST' || method === 'PATCH' || method === 'PUT' ? {} : undefined, headers: { 'x-forwarded-for': '198.51.100.8' } })
      expect(response.status, `${route}: ${response.body}`).toBe(401)
    }
  })

  it('still lets the owner of B use the same routes on B', async () => {
    const members = await adminApi('GET', `/api/orgs/${ids.orgB}/members`, { cookie: b.cookie, headers: { 'x-forwarded-for': '198.51.100.9' } })
    expect(members.status).toBe(200)
    expect(JSON.parse(members.body).data).toHaveLength(1)
  })
})
