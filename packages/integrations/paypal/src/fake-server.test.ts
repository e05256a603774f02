import type { Client } from '@paypal/paypal-server-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capturePayPalOrder } from './capture-order'
import { createPayPalClient } from './client'
import { createPayPalOrder, type CreatePayPalOrderRequest } from './create-order'
import { type FakePayPal, startFakePayPal } from './fake-server'
import { getPayPalOrder } from './get-order'
import { paymentFromPayPalEvent } from './payment-event'
import { PayPalApiError } from './paypal-api-error'
import { refundPayPalCapture } from './refund-capture'
import { decideOnFakePayPal, type ReceivedWebhook, startTestMerchant, type TestMerchant } from './testing/fake-checkout'
import { fetchPayPalWebhookCertificate } from './webhook-certificate'
import { verifyPayPalWebhookOnline } from './webhook-online'
import { verifyPayPalWebhookOffline } from './webhook-signature'

const CLIENT_ID = 'AfakeClientId'
const CLIENT_SECRET = 'EFakeClientSecret-do-not-log-4f2a'
const WEBHOOK_ID = '8PT597110X687430LKGECATA'
const RETURN_URL = 'http://shop.test/booking/paypal/return'
const CANCEL_URL = 'http://shop.test/booking/paypal/cancel'

let fake: FakePayPal
let merchant: TestMerchant
let client: Client

beforeAll(async () => {
  merchant = await startTestMerchant()
  fake = await startFakePayPal({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookId: WEBHOOK_ID, webhookUrl: merchant.webhookUrl })
  client = createPayPalClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, environment: 'sandbox', baseUrl: fake.url })
})

afterAll(async () => {
  await fake.stop()
  await merchant.stop()
})

let sequence = 0
function orderRequest(overrides: Partial<CreatePayPalOrderRequest> = {}): CreatePayPalOrderRequest {
  sequence += 1
  return {
    paymentId: `pay_${sequence}`,
    bookingId: `bk_${sequence}`,
    amountMinor: 1050,
    currency: 'EUR',
    description: 'Deposit, haircut 2026-12-10 10:00',
    returnUrl: RETURN_URL,
    cancelUrl: CANCEL_URL,
    requestId: `create-${sequence}-${Date.now()}`,
    ...overrides,
  }
}

/** The last webhook the merchant got, parsed, after checking it both ways as production would. */
async function lastVerifiedWebhook(): Promise<{ received: ReceivedWebhook, event: unknown }> {
  const received = merchant.webhooks.at(-1)
  if (received === undefined) throw new Error('no webhook arrived')
  const certificatePem = await fetchPayPalWebhookCertificate(String(received.headers['paypal-cert-url']), { trustedOrigins: [fake.url] })
  if (certificatePem === undefined) throw new Error('no certificate')
  const input = { headers: received.headers, rawBody: received.rawBody, webhookId: WEBHOOK_ID }
  if (!verifyPayPalWebhookOffline({ ...input, certificatePem })) throw new Error('offline verification failed')
  if (!(await verifyPayPalWebhookOnline(client, input))) throw new Error('online verification failed')
  return { received, event: JSON.parse(received.rawBody.toString('utf8')) }
}

async function approvedOrder(overrides: Partial<CreatePayPalOrderRequest> = {}) {
  const order = await createPayPalOrder(client, orderRequest(overrides))
  const approval = await decideOnFakePayPal(order.approveUrl, 'approve')
  if (approval.status !== 302) throw new Error(`approval failed with ${approval.status}`)
  return order
}

async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  }
  catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('creating orders through the SDK', () => {
  it('sends intent CAPTURE, the decimal amount and our ids, and returns the payer-action link', async () => {
    const request = orderRequest()
    const order = await createPayPalOrder(client, request)
    expect(order.status).toBe('PAYER_ACTION_REQUIRED')
    expect(order.approveUrl).toBe(`${fake.url}/checkoutnow?token=${order.orderId}`)
    const recorded = fake.orders.get(order.orderId)!
    expect(recorded.amountValue).toBe('10.50')
    expect(recorded.currency).toBe('EUR')
    expect(recorded.purchaseUnits[0]).toMatchObject({ custom_id: request.paymentId, reference_id: request.bookingId, invoice_id: request.paymentId, description: request.description })
    expect(recorded.returnUrl).toBe(RETURN_URL)
    expect(recorded.cancelUrl).toBe(CANCEL_URL)
    expect(recorded.requestId).toBe(request.requestId)
  })

  it('sends JPY without decimals', async () => {
    const order = await createPayPalOrder(client, orderRequest({ currency: 'JPY', amountMinor: 1050 }))
    expect(fake.orders.get(order.orderId)?.amountValue).toBe('1050')
  })

  it('returns the same order for a repeated PayPal-Request-Id', async () => {
    const request = orderRequest()
    const first = await createPayPalOrder(client, request)
    const ordersBefore = fake.orders.size
    const again = await createPayPalOrder(client, request)
    expect(again.orderId).toBe(first.orderId)
    expect(fake.orders.size).toBe(ordersBefore)
    const other = await createPayPalOrder(client, { ...request, requestId: `${request.requestId}-b` })
    expect(other.orderId).not.toBe(first.orderId)
  })

  it('cuts a long description to PayPal\'s 127 characters', async () => {
    const order = await createPayPalOrder(client, orderRequest({ description: 'é'.repeat(200) }))
    expect(fake.orders.get(order.orderId)?.purchaseUnits[0]?.description).toBe('é'.repeat(127))
  })
})

describe('the approval page and its webhook', () => {
  it('approves: CHECKOUT.ORDER.APPROVED arrives, verifies offline and online, then 302 to return_url', async () => {
    const request = orderRequest()
    const order = await createPayPalOrder(client, request)
    const before = merchant.webhooks.length
    const approval = await decideOnFakePayPal(order.approveUrl, 'approve')
    expect(approval.pageHtml).toContain('Approve')
    expect(approval.pageHtml).toContain('10.50 EUR')
    expect(approval.status).toBe(302)
    const location = new URL(approval.location!)
    expect(`${location.origin}${location.pathname}`).toBe(RETURN_URL)
    expect(location.searchParams.get('token')).toBe(order.orderId)
    expect(location.searchParams.get('PayerID')).toMatch(/^[0-9A-F]{13}$/)
    expect(merchant.webhooks).toHaveLength(before + 1)

    const { received, event } = await lastVerifiedWebhook()
    expect(received.headers['paypal-auth-algo']).toBe('SHA256withRSA')
    expect(paymentFromPayPalEvent(event)).toMatchObject({ kind: 'approved', orderId: order.orderId, paymentId: request.paymentId, amountMinor: 1050, currency: 'EUR' })
    expect(fake.orders.get(order.orderId)?.status).toBe('APPROVED')
  })

  it('refuses a tampered delivery or another webhook id, offline and online', async () => {
    await approvedOrder()
    const received = merchant.webhooks.at(-1)!
    const certificatePem = fake.certificatePem
    const tampered = Buffer.from(received.rawBody.toString('utf8').replace('"10.50"', '"0.01"'))
    const cases = [
      { headers: received.headers, rawBody: tampered, webhookId: WEBHOOK_ID },
      { headers: received.headers, rawBody: received.rawBody, webhookId: 'OTHERWEBHOOK1' },
      { headers: { ...received.headers, 'paypal-transmission-time': '2020-01-01T00:00:00Z' }, rawBody: received.rawBody, webhookId: WEBHOOK_ID },
    ]
    for (const input of cases) {
      expect(verifyPayPalWebhookOffline({ ...input, certificatePem })).toBe(false)
      expect(await verifyPayPalWebhookOnline(client, input)).toBe(false)
    }
    // The genuine one still passes both ways, also with a token in hand instead of a client.
    const genuine = { headers: received.headers, rawBody: received.rawBody, webhookId: WEBHOOK_ID }
    expect(verifyPayPalWebhookOffline({ ...genuine, certificatePem })).toBe(true)
    const token = await client.clientCredentialsAuthManager.fetchToken()
    expect(await verifyPayPalWebhookOnline({ baseUrl: fake.url, accessToken: token.accessToken }, genuine)).toBe(true)
    expect(await verifyPayPalWebhookOnline({ baseUrl: fake.url, accessToken: 'wrong' }, genuine)).toBe(false)
    expect(await verifyPayPalWebhookOnline({ baseUrl: 'http://127.0.0.1:1', accessToken: 'x' }, genuine)).toBe(false)
  })

  it('cancels: 302 to cancel_url with the token, no webhook, order still awaiting the payer', async () => {
    const order = await createPayPalOrder(client, orderRequest())
    const before = merchant.webhooks.length
    const result = await decideOnFakePayPal(order.approveUrl, 'cancel')
    expect(result.status).toBe(302)
    expect(result.location).toBe(`${CANCEL_URL}?token=${order.orderId}`)
    expect(merchant.webhooks).toHaveLength(before)
    expect(fake.orders.get(order.orderId)?.status).toBe('PAYER_ACTION_REQUIRED')
  })

  it('answers an unknown order or a second decision with an error page', async () => {
    expect((await fetch(`${fake.url}/checkoutnow?token=NOSUCHORDER`)).status).toBe(404)
    const order = await approvedOrder()
    expect((await fetch(order.approveUrl)).status).toBe(409)
    const again = await fetch(`${fake.url}/checkoutnow/decision`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${order.orderId}&decision=approve`, redirect: 'manual' })
    expect(again.status).toBe(400)
  })
})

describe('capturing', () => {
  it('captures an approved order: paid, with the capture id and amount, and a PAYMENT.CAPTURE.COMPLETED webhook', async () => {
    const request = orderRequest({ amountMinor: 4500 })
    const order = await createPayPalOrder(client, request)
    await decideOnFakePayPal(order.approveUrl, 'approve')
    const captured = await capturePayPalOrder(client, order.orderId, `capture-${order.orderId}`)
    expect(captured).toMatchObject({ status: 'COMPLETED', amountMinor: 4500, currency: 'EUR', orderStatus: 'COMPLETED', alreadyCaptured: false })
    expect(captured.captureId).toBe(fake.orders.get(order.orderId)?.capture?.id)

    const { event } = await lastVerifiedWebhook()
    expect(paymentFromPayPalEvent(event)).toMatchObject({ kind: 'paid', captureId: captured.captureId, orderId: order.orderId, paymentId: request.paymentId, amountMinor: 4500 })
  })

  it('treats a second capture (ORDER_ALREADY_CAPTURED) as success with the existing capture', async () => {
    const order = await approvedOrder()
    const first = await capturePayPalOrder(client, order.orderId, `c1-${order.orderId}`)
    const webhooksAfterFirst = merchant.webhooks.length
    const replay = await capturePayPalOrder(client, order.orderId, `c1-${order.orderId}`)
    const second = await capturePayPalOrder(client, order.orderId, `c2-${order.orderId}`)
    expect(replay).toEqual(first)
    expect(second).toEqual({ ...first, alreadyCaptured: true })
    expect(merchant.webhooks).toHaveLength(webhooksAfterFirst)
  })

  it('maps a capture before approval to a PayPalApiError with ORDER_NOT_APPROVED', async () => {
    const order = await createPayPalOrder(client, orderRequest())
    const error = await thrown(() => capturePayPalOrder(client, order.orderId, `early-${order.orderId}`))
    expect(error).toBeInstanceOf(PayPalApiError)
    expect(error).toMatchObject({ status: 422, paypalName: 'UNPROCESSABLE_ENTITY', issue: 'ORDER_NOT_APPROVED' })
    expect(fake.orders.get(order.orderId)?.capture).toBeUndefined()
  })

  it('maps an unknown order to 404 RESOURCE_NOT_FOUND', async () => {
    expect(await thrown(() => capturePayPalOrder(client, 'NOSUCHORDER', 'x'))).toMatchObject({ status: 404, paypalName: 'RESOURCE_NOT_FOUND' })
  })
})

describe('refunds', () => {
  it('refunds in part, refuses more than is left, replays a request id, then refunds the rest', async () => {
    const order = await approvedOrder({ amountMinor: 1050 })
    const { captureId } = await capturePayPalOrder(client, order.orderId, `cap-${order.orderId}`)

    const partial = await refundPayPalCapture(client, { captureId, amountMinor: 300, currency: 'EUR', requestId: `r1-${captureId}`, note: 'Deposit partly returned' })
    expect(partial).toMatchObject({ status: 'COMPLETED', amountMinor: 300 })
    const { event } = await lastVerifiedWebhook()
    expect(paymentFromPayPalEvent(event)).toMatchObject({ kind: 'refunded', refundId: partial.refundId, captureId, refundedMinor: 300, totalRefundedMinor: 300 })

    const replay = await refundPayPalCapture(client, { captureId, amountMinor: 300, currency: 'EUR', requestId: `r1-${captureId}` })
    expect(replay.refundId).toBe(partial.refundId)
    expect(fake.refunds.filter(refund => refund.captureId === captureId)).toHaveLength(1)

    const over = await thrown(() => refundPayPalCapture(client, { captureId, amountMinor: 751, currency: 'EUR', requestId: `r2-${captureId}` }))
    expect(over).toMatchObject({ status: 422, issue: 'REFUND_AMOUNT_EXCEEDED' })

    const rest = await refundPayPalCapture(client, { captureId, currency: 'EUR', requestId: `r3-${captureId}` })
    expect(rest.amountMinor).toBe(750)
    expect(fake.refunds.at(-1)).toMatchObject({ captureId, amountMinor: 750, noteToPayer: undefined })
    expect(fake.refunds.find(refund => refund.id === partial.refundId)?.noteToPayer).toBe('Deposit partly returned')

    const nothingLeft = await thrown(() => refundPayPalCapture(client, { captureId, amountMinor: 1, currency: 'EUR', requestId: `r4-${captureId}` }))
    expect(nothingLeft).toMatchObject({ status: 422, issue: 'CAPTURE_FULLY_REFUNDED' })
    expect((await getPayPalOrder(client, order.orderId)).captures[0]?.status).toBe('REFUNDED')
  })
})

describe('reconciliation and disputes', () => {
  it('sees an approved order whose webhook never came, and captures it', async () => {
    const quiet = await startFakePayPal({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookId: WEBHOOK_ID })
    try {
      const quietClient = createPayPalClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, environment: 'live', baseUrl: quiet.url })
      const request = orderRequest({ amountMinor: 2000, currency: 'GBP' })
      const order = await createPayPalOrder(quietClient, request)
      expect(await getPayPalOrder(quietClient, order.orderId)).toMatchObject({ status: 'PAYER_ACTION_REQUIRED', captures: [] })
      await decideOnFakePayPal(order.approveUrl, 'approve')
      expect(quiet.deliveries.at(-1)?.result).toEqual({ skipped: 'no webhookUrl' })
      expect(await getPayPalOrder(quietClient, order.orderId)).toEqual({
        orderId: order.orderId, status: 'APPROVED', paymentId: request.paymentId, bookingId: request.bookingId, amountMinor: 2000, currency: 'GBP', captures: [],
      })
      const captured = await capturePayPalOrder(quietClient, order.orderId, `rec-${order.orderId}`)
      expect((await getPayPalOrder(quietClient, order.orderId)).captures).toEqual([{ captureId: captured.captureId, status: 'COMPLETED', amountMinor: 2000, currency: 'GBP' }])
    }
    finally {
      await quiet.stop()
    }
  })

  it('delivers dispute events that verify and map', async () => {
    const order = await approvedOrder()
    const { captureId } = await capturePayPalOrder(client, order.orderId, `d-${order.orderId}`)
    const dispute = {
      dispute_id: 'PP-D-1234',
      status: 'OPEN',
      dispute_amount: { currency_code: 'EUR', value: '10.50' },
      disputed_transactions: [{ seller_transaction_id: captureId, buyer: { name: 'Jane Buyer' } }],
    }
    const delivery = await fake.sendEvent('CUSTOMER.DISPUTE.CREATED', dispute)
    expect(delivery.result).toEqual({ status: 200 })
    const opened = paymentFromPayPalEvent((await lastVerifiedWebhook()).event)
    expect(opened).toMatchObject({ kind: 'dispute_opened', eventId: delivery.eventId, disputeId: 'PP-D-1234', captureId, amountMinor: 1050 })
    await fake.sendEvent('CUSTOMER.DISPUTE.RESOLVED', { ...dispute, status: 'RESOLVED', dispute_outcome: { outcome_code: 'RESOLVED_SELLER_FAVOUR' } })
    expect(paymentFromPayPalEvent((await lastVerifiedWebhook()).event)).toMatchObject({ kind: 'dispute_closed', disputeOutcome: 'RESOLVED_SELLER_FAVOUR' })
  })
})

describe('the fake\'s auth', () => {
  it('refuses a call without a valid Bearer token', async () => {
    const response = await fetch(`${fake.url}/v2/checkout/orders/ANY`, { headers: { authorization: 'Bearer nope' } })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ name: 'AUTHENTICATION_FAILURE' })
  })

  it('refuses bad client credentials with invalid_client and another grant type', async () => {
    const basic = (secret: string) => `Basic ${Buffer.from(`${CLIENT_ID}:${secret}`).toString('base64')}`
    const token = (authorization: string, body: string) => fetch(`${fake.url}/v1/oauth2/token`, { method: 'POST', headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' }, body })
    const bad = await token(basic('wrong'), 'grant_type=client_credentials')
    expect(bad.status).toBe(401)
    expect(await bad.json()).toMatchObject({ error: 'invalid_client' })
    expect((await token(basic(CLIENT_SECRET), 'grant_type=password')).status).toBe(400)
    expect(await (await token(basic(CLIENT_SECRET), 'grant_type=client_credentials')).json()).toMatchObject({ token_type: 'Bearer', expires_in: 32400 })
  })
})
