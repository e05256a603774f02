import { z } from 'zod'
import { bookingPaymentChoiceSchema, cancelSchema, createBookingSchema, quoteSchema, rescheduleSchema, SLOT_QUERY_MAX_DAYS } from '@flectar/bookings'
import { subscriptionChoiceSchema } from '@flectar/subscriptions/schemas'

const json = (schema: object) => ({ content: { 'application/json': { schema } } })
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const errorResponse = (description: string) => ({ description, ...json(ref('Error')) })
const slug = { name: 'slug', in: 'path', required: true, description: 'The site\'s address, e.g. `demo`.', schema: { type: 'string' } }
const token = { name: 'token', in: 'path', required: true, description: 'The token from the booking\'s manage link.', schema: { type: 'string' } }
const common = { 404: errorResponse('No such site (or booking).'), 429: errorResponse('Rate limited; see Retry-After.') }
const inputSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })

/** The public booking API, described for client generators and humans. */
function openApiDocument() {
  const money = { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'integer', description: 'Minor units (cents).' }, currency: { type: 'string', example: 'EUR' } } }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Flectar Base public booking API',
      version: '1.0.0',
      description: 'Book a business\'s services from any website or server. Public endpoints need no key and are rate limited per client; send `Authorization: Bearer <key>` with a project API key (created in the admin app, scopes `services:read`, `bookings:read`, `bookings:write`) for server-to-server use.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A project API key (`flk_…`).' } },
      schemas: {
        Money: money,
        Error: {
          type: 'object', required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: {
            code: { type: 'string', examples: ['slot_unavailable', 'invalid_input', 'rate_limited', 'project_not_found', 'outside_policy_window', 'payload_too_large'] },
            message: { type: 'string' },
            fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'Field path → message, for 422.' },
            alternatives: { type: 'array', items: ref('Slot'), description: 'The nearest free slots, for 409 slot_unavailable.' },
          } } },
        },
        Slot: { type: 'object', required: ['start', 'end', 'resourceIds'], properties: {
          start: { type: 'string', format: 'date-time', example: '2026-12-07T10:00:00+01:00' },
          end: { type: 'string', format: 'date-time' },
          resourceIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
        } },
        Service: { type: 'object', required: ['id', 'name', 'durationMinutes', 'price'], properties: {
          id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, description: { type: 'string' },
          durationMinutes: { type: 'integer' }, price: money, capacity: { type: 'integer' }, requiresConfirmation: { type: 'boolean' },
          deposit: { type: ['object', 'null'], properties: { kind: { enum: ['fixed', 'percent'] }, value: { type: 'integer' } } },
          cancellationWindowHours: { type: 'integer' },
          extras: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, durationMinutes: { type: 'integer' }, price: money } } },
          requirements: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, label: { type: 'string' }, kind: { enum: ['text', 'choice', 'checkbox', 'consent', 'file'] }, options: { type: 'array', items: { type: 'string' } }, required: { type: 'boolean' } } } },
        } },
        CreatedBooking: { type: 'object', required: ['id', 'status', 'start', 'end', 'manageUrl'], properties: {
          id: { type: 'string', format: 'uuid' }, status: ref('Status'), start: { type: 'string', format: 'date-time' }, end: { type: 'string', format: 'date-time' },
          manageUrl: { type: 'string', format: 'uri', description: 'Where the customer reschedules or cancels.' },
          payment: ref('StartedPayment'),
        } },
        StartedPayment: { type: 'object', required: ['id', 'provider', 'amount', 'expiresAt'], description: 'Present when the service asks for a deposit or the full price and the site takes payments. Online, the booking is `pending_payment` until `expiresAt`; send the visitor to `redirect` (GET the URL, or POST `fields` to it as a form). At the venue there is no redirect.', properties: {
          id: { type: 'string', format: 'uuid' }, provider: { enum: ['stripe', 'paypal', 'redsys', 'on_site'] }, amount: money,
          expiresAt: { type: ['string', 'null'], format: 'date-time' },
          redirect: { type: 'object', required: ['url', 'method'], properties: { url: { type: 'string', format: 'uri' }, method: { enum: ['GET', 'POST'] }, fields: { type: 'object', additionalProperties: { type: 'string' } } } },
        } },
        ManagedBooking: { type: 'object', properties: {
          id: { type: 'string' }, status: ref('Status'), serviceId: { type: ['string', 'null'] }, serviceName: { type: 'string' },
          start: { type: 'string', format: 'date-time' }, end: { type: 'string', format: 'date-time' }, timeZone: { type: 'string' }, price: money,
          changeableUntil: { type: ['string', 'null'], format: 'date-time', description: 'Until when it can still be changed online.' },
        } },
        Status: { enum: ['pending', 'pending_payment', 'confirmed', 'cancelled', 'rejected', 'completed', 'no_show'] },
      },
    },
    paths: {
      '/api/v1/projects/{slug}/services': {
        get: { summary: 'List bookable services', parameters: [slug], responses: { 200: { description: 'The services.', ...json({ type: 'object', properties: { data: { type: 'array', items: ref('Service') } } }) }, ...common } },
      },
      '/api/v1/projects/{slug}/availability': {
        get: {
          summary: 'Free slots of a service between two dates',
          parameters: [slug,
            { name: 'serviceId', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } },
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' }, description: 'First day (YYYY-MM-DD) in `timeZone`.' },
            { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' }, description: `Last day, inclusive; at most ${SLOT_QUERY_MAX_DAYS} days after \`from\`.` },
            { name: 'timeZone', in: 'query', required: true, schema: { type: 'string', example: 'Europe/Madrid' } },
            { name: 'extras', in: 'query', required: false, schema: { type: 'string' }, description: 'Comma-separated extra ids; they lengthen the appointment.' }],
          responses: { 200: { description: 'Slots, with offsets of `timeZone`.', ...json({ type: 'object', properties: { timeZone: { type: 'string' }, slots: { type: 'array', items: ref('Slot') } } }) }, 422: errorResponse('Invalid query; see `fields`.'), ...common },
        },
      },
      '/api/v1/projects/{slug}/bookings': {
        post: {
          summary: 'Book a slot', parameters: [slug], security: [{}, { apiKey: [] }],
          requestBody: { required: true, ...json(inputSchema(createBookingSchema.extend(bookingPaymentChoiceSchema.shape).extend(subscriptionChoiceSchema.shape))) },
          responses: { 201: { description: 'Booked (or requested, when the service needs confirmation); with `payment` when money is due.', ...json(ref('CreatedBooking')) }, 409: errorResponse('The slot was taken (`alternatives` lists the nearest free ones), or the subscription of `subscription.token` cannot cover it (`subscription_bookings_used`, `subscription_service_not_included`, `subscription_other_customer`, `subscription_inactive`).'), 422: errorResponse('Invalid input; see `fields` (`payment.provider` when the site takes payments and none, or one it does not offer, was given).'), 502: errorResponse('The payment provider did not answer; nothing was booked.'), ...common },
        },
        get: {
          summary: 'List bookings (API key with bookings:read)', parameters: [slug,
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } },
            { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } },
            { name: 'status', in: 'query', required: false, schema: ref('Status') }],
          security: [{ apiKey: [] }],
          responses: { 200: { description: 'Bookings.' }, 401: errorResponse('No or invalid API key.'), 403: errorResponse('The key lacks the scope.'), ...common },
        },
      },
      '/api/v1/projects/{slug}/uploads': {
        post: {
          summary: 'Upload a file for a booking question of kind `file`', parameters: [slug], security: [{}, { apiKey: [] }],
          description: 'Stored privately for the business; send the returned `id` as that question\'s answer within 24 hours. Only sites that ask for a file take uploads.',
          requestBody: { required: true, content: { 'multipart/form-data': { schema: {
            type: 'object', required: ['file'],
            properties: { file: { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream', description: 'A PNG, JPEG, WebP, AVIF or GIF image, or a PDF; at most 10 MB. The type is read from the content, not the name.' } },
          } } } },
          responses: {
            201: { description: 'Stored.', ...json({ type: 'object', required: ['id', 'name', 'size'], properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string', description: 'The file name as sent.' }, size: { type: 'integer', description: 'Bytes.' } } }) },
            413: errorResponse('The request body is over 10 MB.'),
            422: errorResponse('No file, too large, or not an image or PDF; see `fields.file`.'),
            ...common,
          },
        },
      },
      '/api/v1/projects/{slug}/quote': {
        post: {
          summary: 'Price a service with extras and a coupon, before booking', parameters: [slug],
          requestBody: { required: true, ...json(inputSchema(quoteSchema)) },
          responses: {
            200: { description: 'The price in minor units.', ...json({ type: 'object', properties: { data: { type: 'object', properties: {
              currency: { type: 'string' }, subtotal: { type: 'integer' }, discount: { type: 'integer' }, total: { type: 'integer' }, deposit: { type: 'integer' },
              coupon: { type: ['object', 'null'], properties: { code: { type: 'string' }, kind: { enum: ['percent', 'fixed'] }, amount: { type: 'integer' } } },
            } } } }) },
            422: errorResponse('Unknown service or extra, or a coupon that cannot be used (`fields.couponCode`).'), ...common,
          },
        },
      },
      '/api/v1/projects/{slug}/manage/{token}': {
        get: { summary: 'The booking a manage link opens', parameters: [slug, token], responses: { 200: { description: 'The booking.', ...json({ type: 'object', properties: { data: ref('ManagedBooking') } }) }, ...common } },
      },
      '/api/v1/projects/{slug}/manage/{token}/cancel': {
        post: { summary: 'Cancel (within the cancellation window)', parameters: [slug, token], requestBody: { required: false, ...json(inputSchema(cancelSchema)) }, responses: { 200: { description: 'Cancelled.', ...json({ type: 'object', properties: { data: ref('ManagedBooking') } }) }, 409: errorResponse('Too late, or not active any more.'), ...common } },
      },
      '/api/v1/projects/{slug}/manage/{token}/reschedule': {
        post: { summary: 'Move to another slot', parameters: [slug, token], requestBody: { required: true, ...json(inputSchema(rescheduleSchema)) }, responses: { 200: { description: 'Moved.', ...json({ type: 'object', properties: { data: ref('ManagedBooking') } }) }, 409: errorResponse('Taken (with `alternatives`) or too late.'), 422: errorResponse('Invalid start.'), ...common } },
      },
    },
  }
}

let cached: ReturnType<typeof openApiDocument> | undefined

/** `GET /api/v1/openapi.json`. */
export default defineEventHandler((event) => {
  setResponseHeaders(event, { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=300' })
  cached ??= openApiDocument()
  return cached
})
