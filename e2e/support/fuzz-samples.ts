// Valid requests of every route that takes a body or a query string, for the route fuzz test
// (bad-input.spec.ts): each is sent as is and with one value at a time made hostile, so the
// value reaches the check it must pass instead of failing on its neighbours first.

/** Ids of the fuzz owner's own org and project, and dates the project can book. */
export interface FuzzIds {
  orgId: string
  projectId: string
  pageId: string
  serviceId: string
  resourceId: string
  extraId: string
  requirementId: string
  bookingId: string
  /** Local days (UTC) inside the service's advance window. */
  day: (offset: number) => string
}

const TOKEN = 'x'.repeat(43)
const PASSWORD = 'long enough password'
const WRONG_PASSWORD = 'not the fuzz password'

/** Admin routes: `METHOD /api/...` -> a valid body. */
export function adminSamples(ids: FuzzIds): Record<string, unknown> {
  const start = (offset: number) => `${ids.day(offset)}T10:00:00Z`
  return {
    'POST /api/auth/sign-up': { name: 'Fuzz', surname: 'User', email: 'fuzz-signup@example.com', password: PASSWORD, organizationName: 'Fuzz Signup' },
    'POST /api/auth/sign-in': { email: 'fuzz@example.com', password: WRONG_PASSWORD },
    'POST /api/auth/magic-link': { email: 'fuzz@example.com' },
    'POST /api/auth/password-reset': { email: 'fuzz@example.com' },
    'POST /api/auth/magic-link/verify': { token: TOKEN },
    'POST /api/auth/verify-email': { token: TOKEN },
    'POST /api/auth/confirm-email-change': { token: TOKEN },
    'POST /api/auth/password-reset/confirm': { token: TOKEN, password: PASSWORD },
    'POST /api/auth/two-factor': { code: '123456' },
    'POST /api/invitations/accept': { token: TOKEN, name: 'Invitee', password: PASSWORD },
    'POST /api/invitations/decline': { token: TOKEN },
    'PATCH /api/account/profile': { name: 'Fuzz', surname: 'Owner', phone: '+34 600 000 000' },
    'POST /api/account/email': { newEmail: 'fuzz-new@example.com', password: WRONG_PASSWORD },
    'POST /api/account/password': { currentPassword: WRONG_PASSWORD, newPassword: PASSWORD },
    'POST /api/account/delete': { password: WRONG_PASSWORD },
    'POST /api/account/two-factor/confirm': { code: '123456' },
    'POST /api/account/two-factor/disable': { password: WRONG_PASSWORD },
    'POST /api/account/two-factor/recovery-codes': { password: WRONG_PASSWORD },
    'POST /api/orgs': { name: 'Fuzz Two' },
    // Never requireTwoFactor: true, which would lock the fuzz owner out.
    'PATCH /api/orgs/[orgId]': { name: 'Fuzz Org', requireTwoFactor: false },
    'POST /api/orgs/[orgId]/invitations': { email: 'invitee@example.com', role: 'viewer' },
    'PATCH /api/orgs/[orgId]/members/[userId]': { role: 'editor' },
    'POST /api/orgs/[orgId]/projects': { name: 'Fuzz Project', slug: 'fuzz-project', timeZone: 'UTC', defaultLocale: 'en' },
    'PATCH /api/orgs/[orgId]/projects/[projectId]': { name: 'Fuzz Site', timeZone: 'UTC', extraLocales: ['es'], analyticsCookieless: false },
    'POST /api/orgs/[orgId]/projects/[projectId]/pages': { path: '/fuzz-page', title: 'Fuzz page', locale: 'en' },
    'PUT /api/orgs/[orgId]/projects/[projectId]/pages/[pageId]/draft': {
      version: 1,
      content: { title: 'Home', seo: { metaTitle: 'Home', metaDescription: 'Text' }, blocks: [{ id: 'fuzz-hero', type: 'hero', content: { heading: 'Welcome', subheading: 'Text' } }] },
    },
    'POST /api/orgs/[orgId]/projects/[projectId]/redirects': { fromPath: '/old-fuzz', toPath: '/new-fuzz', statusCode: 301 },
    'POST /api/orgs/[orgId]/projects/[projectId]/domains': { hostname: 'fuzz.example.com' },
    'PATCH /api/orgs/[orgId]/projects/[projectId]/media/[assetId]': { alt: 'A description' },
    'POST /api/orgs/[orgId]/projects/[projectId]/api-keys': { name: 'Fuzz key', scopes: ['bookings:read'] },
    'POST /api/orgs/[orgId]/projects/[projectId]/bookings/services': { name: 'Fuzz cut', description: 'Text', durationMinutes: 30, priceAmount: 1000, currency: 'EUR', capacity: 1, resourceIds: [ids.resourceId] },
    'PATCH /api/orgs/[orgId]/projects/[projectId]/bookings/services/[serviceId]': { name: 'Fuzz cut', description: 'Text', durationMinutes: 30, active: true },
    'POST /api/orgs/[orgId]/projects/[projectId]/bookings/services/reorder': { ids: [ids.serviceId] },
    'POST /api/orgs/[orgId]/projects/[projectId]/bookings/resources': { name: 'Fuzz room', kind: 'room', timeZone: 'UTC', weeklyHours: [{ weekday: 1, start: '09:00', end: '17:00' }] },
    'PATCH /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]': { name: 'Fuzz chair', timeZone: 'UTC' },
    'PUT /api/orgs/[orgId]/projects/[projectId]/bookings/resources/[resourceId]/overrides/[date]': { intervals: [{ start: '09:00', end: '12:00' }] },
    'POST /api/orgs/[orgId]/projects/[projectId]/bookings/blocked-dates': { fromDate: ids.day(40), toDate: ids.day(41), reason: 'Closed', resourceId: ids.resourceId },
    'POST /api/orgs/[orgId]/projects/[projectId]/bookings/extras': { name: 'Fuzz wash', priceAmount: 500, durationMinutes: 10, serviceIds: [ids.serviceId] },
    'PATCH /api/orgs/[orgId]/projects/[projectId]/bookings/extras/[extraId]': { name: 'Fuzz wash', priceAmount: 500 },
    'POST /api/orgs/[orgId]/projects/[projectId]/bookings/requirements': { label: 'Fuzz question', kind: 'choice', options: ['A', 'B'], required: false, position: 1 },
    'PATCH /api/orgs/[orgId]/projects/[projectId]/bookings/requirements/[requirementId]': { label: 'Anything else?', position: 0 },
    'POST /api/orgs/[orgId]/projects/[projectId]/bookings/coupons': { code: 'FUZZ20', kind: 'percent', amount: 20, validFrom: '2026-01-01T00:00:00Z', validUntil: '2100-01-01T00:00:00Z', maxUses: 10 },
    'PATCH /api/orgs/[orgId]/projects/[projectId]/bookings/coupons/[couponId]': { amount: 15, validUntil: '2100-01-01T00:00:00Z' },
    'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items': { serviceId: ids.serviceId, start: start(3), customer: { name: 'Walk-in', email: 'walk-in@example.com', phone: '+34 600 000 001' }, notes: 'Notes', couponCode: 'FUZZ10' },
    'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items/[bookingId]/move': { start: start(4), resourceId: ids.resourceId },
    'POST /api/orgs/[orgId]/projects/[projectId]/bookings/items/[bookingId]/status': { action: 'confirm', reason: 'Fuzz' },
    'PATCH /api/orgs/[orgId]/projects/[projectId]/customers/[customerId]': { name: 'Fuzz Customer', notes: 'Notes' },
    'POST /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]/replies': { channel: 'email', body: 'Thanks, see you then', subject: 'Your visit' },
    'POST /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]/notes': { body: 'Called back' },
    'PATCH /api/orgs/[orgId]/projects/[projectId]/conversations/[conversationId]': { status: 'snoozed', snoozedUntil: '2030-01-01T10:00:00Z', assignedUserId: null },
    'POST /api/orgs/[orgId]/projects/[projectId]/quick-replies': { title: 'Hours', body: 'We open at 9.' },
    'PUT /api/orgs/[orgId]/projects/[projectId]/messaging-channels/[channel]': { enabled: true, accountSid: `AC${'a'.repeat(32)}`, fromNumber: '+34600111222', authToken: 'fuzz-token' },
    // Everything stays on: later steps of the same journeys still expect their emails.
    'PUT /api/orgs/[orgId]/projects/[projectId]/notifications': { sendNothing: false, events: { booking_confirmed: { email: true }, reminder: { email: true } }, ownerNewBooking: true, ownerNewMessage: true },
    // Cloudflare's always-passing test keys (the e2e run's fake siteverify mimics them).
    'PUT /api/orgs/[orgId]/projects/[projectId]/turnstile': { enabled: true, siteKey: '1x00000000000000000000AA', secretKey: '1x0000000000000000000000000000000AA' },
    'POST /api/orgs/[orgId]/projects/[projectId]/subscriptions/plans': { name: 'Fuzz plan', description: 'Text', priceMinor: 2500, interval: 'month', bookingsPerPeriod: 2, serviceIds: [ids.serviceId], active: true },
  }
}

/** Site routes: `METHOD /api/...` -> a valid body. */
export function siteSamples(ids: FuzzIds): Record<string, unknown> {
  return {
    'POST /api/v1/projects/[slug]/bookings': {
      serviceId: ids.serviceId, start: `${ids.day(5)}T10:00:00Z`, timeZone: 'UTC', extras: [ids.extraId], answers: { [ids.requirementId]: 'Nothing' },
      customer: { name: 'Fuzz Visitor', email: 'visitor@example.com', phone: '+34 600 000 002' }, couponCode: 'FUZZ10', notes: 'Notes',
    },
    'POST /api/v1/projects/[slug]/quote': { serviceId: ids.serviceId, extras: [ids.extraId], couponCode: 'FUZZ10' },
    'POST /api/v1/projects/[slug]/manage/[token]/reschedule': { start: `${ids.day(6)}T10:00:00Z` },
    'POST /api/v1/projects/[slug]/manage/[token]/cancel': { reason: 'Fuzz' },
    'POST /api/forms/contact': { blockId: 'contact', pagePath: '/contact', name: 'Ana', email: 'ana@example.com', phone: '600 000 000', message: 'Hello' },
    'POST /api/event': { n: 'signup', p: '/?utm_source=fuzz', r: 'https://example.com/', v: 'visitor', s: 'session', l: 'en', w: 'l', d: { plan: 'pro' } },
  }
}

export interface QueryFuzz {
  /** A valid query the hostile values go into, one parameter at a time. */
  base?: Record<string, string>
  params: string[]
  /** Both ends of a range at once (`from`/`to`): days or instants. */
  ranges?: 'days' | 'instants'
  /** Put before each hostile value of a parameter, e.g. `/` for a path that must start with one. */
  prefix?: Record<string, string>
}

const FILTERS = ['path', 'referrer', 'utmSource', 'utmMedium', 'utmCampaign', 'device', 'browser', 'os', 'country', 'language']

/** Every admin route that reads a query string (the test fails when one is missing). */
export function adminQueries(ids: FuzzIds): Record<string, QueryFuzz> {
  const analytics: QueryFuzz = { base: { range: 'custom', from: '2026-01-01', to: '2026-01-31' }, params: ['range', 'from', 'to', ...FILTERS], ranges: 'days' }
  return {
    'GET /api/auth/google/callback': { params: ['code', 'state', 'error'] },
    'GET /api/auth/google/start': { params: ['redirect'] },
    'GET /api/dev/mailbox': { params: ['to'] },
    'GET /api/orgs/[orgId]/audit': { params: ['action', 'actorUserId', 'from', 'to', 'before', 'limit'], ranges: 'days' },
    'GET /api/orgs/[orgId]/projects/[projectId]/payments': { params: ['status', 'provider', 'bookingId', 'from', 'to', 'page', 'pageSize'], ranges: 'days' },
    'GET /api/orgs/[orgId]/projects/[projectId]/invoices': { params: ['status', 'kind', 'q', 'from', 'to', 'bookingId', 'limit', 'offset'], ranges: 'days' },
    'GET /api/orgs/[orgId]/projects/[projectId]/invoices/export.csv': { base: { from: '2026-01-01', to: '2026-12-31' }, params: ['from', 'to'], ranges: 'days' },
    'GET /api/orgs/[orgId]/projects/[projectId]/invoices/export.zip': { base: { from: '2026-01-01', to: '2026-12-31' }, params: ['from', 'to'], ranges: 'days' },
    'GET /api/orgs/[orgId]/projects/[projectId]/invoices/[invoiceId]/pdf': { params: ['inline'] },
    'GET /api/orgs/[orgId]/projects/[projectId]/analytics': analytics,
    'GET /api/orgs/[orgId]/projects/[projectId]/analytics/export': analytics,
    'GET /api/orgs/[orgId]/projects/[projectId]/bookings/items': { params: ['from', 'to', 'status', 'resourceId', 'serviceId', 'q', 'limit'], ranges: 'instants' },
    'GET /api/orgs/[orgId]/projects/[projectId]/bookings/slots': { base: { serviceId: ids.serviceId, from: ids.day(2), to: ids.day(3) }, params: ['serviceId', 'from', 'to', 'extras'], ranges: 'days' },
    'GET /api/orgs/[orgId]/projects/[projectId]/customers': { params: ['q', 'limit'] },
    'GET /api/webhooks/whatsapp': { params: ['hub.mode', 'hub.verify_token', 'hub.challenge'] },
    'GET /api/orgs/[orgId]/inbox': { base: { projectId: ids.projectId }, params: ['projectId', 'channel', 'status', 'assigned', 'q', 'cursor', 'limit'] },
  }
}

/** Every site route that reads a query string. */
export function siteQueries(ids: FuzzIds): Record<string, QueryFuzz> {
  return {
    'GET /api/_site/page': { params: ['path'], prefix: { path: '/' } },
    'GET /api/_site/preview': { params: ['token'] },
    'GET /api/domains/allowed': { params: ['domain'] },
    'GET /api/v1/projects/[slug]/availability': { base: { serviceId: ids.serviceId, from: ids.day(2), to: ids.day(3), timeZone: 'UTC' }, params: ['serviceId', 'from', 'to', 'timeZone', 'extras'], ranges: 'days' },
    'GET /api/v1/projects/[slug]/bookings': { base: { from: `${ids.day(0)}T00:00:00Z`, to: `${ids.day(30)}T00:00:00Z` }, params: ['from', 'to', 'status'], ranges: 'instants' },
    'GET /media/private/[projectId]/[assetId]/[name]': { params: ['expires', 'signature'] },
    // The booking pages: their state is in the query (service, extras, zone, day, start, sealed details, coupon).
    'GET /book': { params: ['service', 'embed'] },
    'GET /book/extras': { base: { service: ids.serviceId }, params: ['service', 'extras', 'tz', 'embed'] },
    'GET /book/time': { base: { service: ids.serviceId, tz: 'UTC' }, params: ['service', 'extras', 'tz', 'month', 'shown', 'date', 'start'] },
    'GET /book/details': { base: { service: ids.serviceId, start: `${ids.day(5)}T10:00:00Z` }, params: ['service', 'extras', 'tz', 'start', 'd'] },
    'GET /book/summary': { base: { service: ids.serviceId, start: `${ids.day(5)}T10:00:00Z` }, params: ['start', 'tz', 'd', 'coupon'] },
    'GET /book/done': { params: ['booking', 'd'] },
    'GET /book/manage/[token]': { params: ['done', 'payment', 'token'] },
    'GET /book/manage/[token]/reschedule': { params: ['tz', 'month', 'date', 'start'] },
    'GET /book/waitlist': { base: { service: ids.serviceId }, params: ['service', 'tz', 'date', 'joined', 'from', 'to', 'embed'] },
    'GET /book/waitlist/offer/[token]': { params: ['embed', 'token'] },
    'POST /book/waitlist/offer/[token]': { params: ['embed', 'token'] },
    'GET /subscribe': { params: ['plan', 'cancelled'] },
    'GET /subscriptions/[token]': { params: ['checkout', 'token'] },
  }
}
