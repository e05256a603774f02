import { CheckoutPaymentIntent, type Client, OrdersController, PaypalExperienceUserAction, PaypalWalletContextShippingPreference } from '@paypal/paypal-server-sdk'
import { formatPayPalAmount } from './amount'
import { callPayPal, PayPalApiError } from './paypal-api-error'

/** PayPal cuts purchase-unit descriptions at 127 characters; longer ones are refused. */
const MAX_DESCRIPTION_LENGTH = 127

export interface CreatePayPalOrderRequest {
  /** Our payment id: sent as `custom_id`, it comes back on every capture and webhook. */
  paymentId: string
  /** Our booking id: sent as the purchase unit's `reference_id`. */
  bookingId: string
  /** The deposit or full amount, in minor units. */
  amountMinor: number
  /** ISO 4217 code, e.g. 'EUR'. */
  currency: string
  /** Shown to the buyer on PayPal; cut to 127 characters. */
  description: string
  /** Where PayPal sends the buyer after approval, with `?token=ORDER_ID&PayerID=…`. */
  returnUrl: string
  /** Where PayPal sends the buyer who cancels, with `?token=ORDER_ID`. */
  cancelUrl: string
  /** PayPal-Request-Id: the same id returns the same order instead of a second one. */
  requestId: string
}

export interface CreatedPayPalOrder {
  orderId: string
  /** Send the buyer here: the `payer-action` link, or `approve` when PayPal gives that one. */
  approveUrl: string
  /** PAYER_ACTION_REQUIRED (with a payment source, as sent here) or CREATED. */
  status: string
}

/**
 * Creates a Orders v2 order (intent CAPTURE, one purchase unit) for a booking payment. The PayPal
 * wallet payment source carries the return/cancel URLs (application_context is deprecated), and
 * `invoice_id` is the payment id rather than the booking id because PayPal refuses a reused
 * invoice id (DUPLICATE_INVOICE_ID), and a booking may be paid as a deposit plus a balance.
 */
export async function createPayPalOrder(client: Client, request: CreatePayPalOrderRequest): Promise<CreatedPayPalOrder> {
  const value = formatPayPalAmount(request.amountMinor, request.currency)
  if (request.amountMinor <= 0) throw new RangeError('createPayPalOrder needs a positive amountMinor')
  if (request.requestId === '') throw new TypeError('createPayPalOrder needs a requestId')
  const orders = new OrdersController(client)
  const { result } = await callPayPal('createOrder', () => orders.createOrder({
    paypalRequestId: request.requestId,
    prefer: 'return=representation',
    body: {
      intent: CheckoutPaymentIntent.Capture,
      purchaseUnits: [{
        referenceId: request.bookingId,
        customId: request.paymentId,
        invoiceId: request.paymentId,
        description: Array.from(request.description).slice(0, MAX_DESCRIPTION_LENGTH).join(''),
        amount: { currencyCode: request.currency, value },
      }],
      paymentSource: {
        paypal: {
          experienceContext: {
            returnUrl: request.returnUrl,
            cancelUrl: request.cancelUrl,
            userAction: PaypalExperienceUserAction.PayNow,
            shippingPreference: PaypalWalletContextShippingPreference.NoShipping,
          },
        },
      },
    },
  }))
  const approveUrl = result.links?.find(link => link.rel === 'payer-action')?.href
    ?? result.links?.find(link => link.rel === 'approve')?.href
  if (result.id === undefined || approveUrl === undefined) {
    throw new PayPalApiError('createOrder', { status: 201, paypalName: 'NO_APPROVAL_LINK' })
  }
  return { orderId: result.id, approveUrl, status: result.status ?? 'CREATED' }
}
