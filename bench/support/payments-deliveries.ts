import { createHmac, randomInt } from 'node:crypto'
import { Agent, request } from 'node:http'
import { deriveRedsysKey, REDSYS_CURRENCY, REDSYS_SIGNATURE_VERSION } from '@flectar/redsys'
import { MERCHANT_CODE, TERMINAL, type PendingPayment } from './payments-seed'

export interface Delivery {
  order: string
  /** The form body Redsys posts: the three signed fields, url-encoded. */
  body: string
  duplicate: boolean
}

export interface DeliveryAnswer {
  order: string
  status: number
  /** The route's `duplicate` flag: the delivery was already in the inbox. */
  duplicate: boolean
  ms: number
  error?: string
}

/**
 * An approved payment's online notification, signed as Redsys signs it (and as our fake does):
 * the parameters as base64url JSON, HMAC-SHA256 under the order's 3DES-derived key, base64url.
 */
export function redsysNotificationBody(secretKey: string, payment: PendingPayment, now = new Date()): string {
  const [year, month, day] = now.toISOString().slice(0, 10).split('-')
  const params = {
    Ds_Date: encodeURIComponent(`${day}/${month}/${year}`),
    Ds_Hour: encodeURIComponent(now.toISOString().slice(11, 16)),
    Ds_Amount: String(payment.amountMinor),
    Ds_Currency: REDSYS_CURRENCY.EUR,
    Ds_Order: payment.order,
    Ds_MerchantCode: MERCHANT_CODE,
    Ds_Terminal: TERMINAL,
    Ds_Response: '0000',
    Ds_TransactionType: '0',
    Ds_SecurePayment: '1',
    Ds_AuthorisationCode: String(randomInt(100_000, 1_000_000)),
    Ds_MerchantData: '',
    Ds_ProcessedPayMethod: '78',
    Ds_Card_Brand: '1',
    Ds_Card_Country: '724',
  }
  const merchantParameters = Buffer.from(JSON.stringify(params), 'utf8').toString('base64url')
  const signature = createHmac('sha256', deriveRedsysKey(secretKey, payment.order)).update(merchantParameters, 'utf8').digest('base64url')
  return new URLSearchParams({ Ds_SignatureVersion: REDSYS_SIGNATURE_VERSION, Ds_MerchantParameters: merchantParameters, Ds_Signature: signature }).toString()
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

/**
 * Every payment's notification once, shuffled, plus `duplicates` byte-identical re-sends of
 * distinct payments chosen at random (Redsys re-sends a notification it thinks was lost).
 * `twins` of them go right after their original, so with many senders they leave at the same
 * moment and race for the inbox row; the rest go anywhere, before their original or after.
 */
export function planDeliveries(secretKey: string, pending: PendingPayment[], duplicates: number, twins: number): Delivery[] {
  const originals = shuffle(pending.map(payment => ({ order: payment.order, body: redsysNotificationBody(secretKey, payment), duplicate: false })))
  const resent = shuffle([...originals]).slice(0, duplicates).map(original => ({ ...original, duplicate: true }))
  const plan: Delivery[] = [...originals]
  for (const copy of resent.slice(twins)) plan.splice(randomInt(plan.length + 1), 0, copy)
  for (const copy of resent.slice(0, twins)) plan.splice(plan.findIndex(item => item.order === copy.order && !item.duplicate) + 1, 0, copy)
  return plan
}

function post(agent: Agent, port: number, urlPath: string, body: string): Promise<{ status: number, body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', chunk => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.setTimeout(30_000, () => req.destroy(new Error('timed out')))
    req.end(body)
  })
}

/** Posts every delivery in order with `concurrency` senders over keep-alive connections; resolves with each answer. */
export async function sendDeliveries(port: number, projectId: string, plan: Delivery[], concurrency: number): Promise<{ answers: DeliveryAnswer[], seconds: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  const urlPath = `/api/webhooks/redsys/${projectId}`
  const answers: DeliveryAnswer[] = []
  let next = 0
  const sender = async () => {
    for (let index = next++; index < plan.length; index = next++) {
      const delivery = plan[index]!
      const began = performance.now()
      const answer = await post(agent, port, urlPath, delivery.body).then(
        result => ({ status: result.status, duplicate: /"duplicate":\s*true/.test(result.body) }),
        (error: Error) => ({ status: 0, duplicate: false, error: error.message }),
      )
      answers.push({ order: delivery.order, ms: performance.now() - began, ...answer })
    }
  }
  const began = performance.now()
  try {
    await Promise.all(Array.from({ length: concurrency }, sender))
  }
  finally {
    agent.destroy()
  }
  return { answers, seconds: (performance.now() - began) / 1000 }
}
