import { randomBytes } from 'node:crypto'
import { hashPassword, SYSTEM_ACTOR } from '@flectar/accounts'
import { bookingResources, bookings, customers, payments, type Db } from '@flectar/db'
import { seedDemo } from '@flectar/db/seed'
import { saveProviderSettings } from '@flectar/payments'
import { redsysOrderNumber } from '@flectar/redsys'
import type { KeyRing } from '@flectar/security'
import { createProject } from '@flectar/sites'

export const MERCHANT_CODE = '999008881'
export const TERMINAL = '1'
const AMOUNT_MINOR = 1000
const SLOT_MINUTES = 30
/** Rows per INSERT: 800 in one statement is fine, but this keeps the parameters well under PostgreSQL's 65 535. */
const CHUNK = 200

export interface PendingPayment {
  /** The Redsys order number: the payment's checkoutId, which its notification names. */
  order: string
  amountMinor: number
}

export interface PaymentsSeed {
  projectId: string
  /** The project's Redsys merchant key (base64 of 24 bytes), to sign notifications as Redsys does. */
  secretKey: string
  pending: PendingPayment[]
}

/**
 * One site of the demo org connected to Redsys and `count` bookings waiting for their deposit, each with a
 * customer (an email address, so confirming it enqueues the customer's email as in production)
 * and a pending Redsys payment. Each booking has a slot of its own on one resource: the
 * EXCLUDE constraint refuses two active bookings that overlap. Holds end in a day, so the
 * expiry never races the webhooks.
 */
export async function seedPendingPayments(db: Db, keyRing: KeyRing, count: number): Promise<PaymentsSeed> {
  // The demo org has an owner, so each confirmation also enqueues the owner's email, as in production.
  const { orgId } = await seedDemo(db, { ownerPasswordHash: await hashPassword(randomBytes(12).toString('base64url')) })
  const project = await createProject(db, orgId, { name: 'Bench Clinic', slug: 'bench-clinic', timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
  const scope = { orgId, projectId: project.id }
  const secretKey = randomBytes(24).toString('base64')
  await saveProviderSettings(db, keyRing, scope, 'redsys', { merchantCode: MERCHANT_CODE, terminal: TERMINAL, secretKey, environment: 'test', bizum: false, enabled: true }, SYSTEM_ACTOR)
  const [resource] = await db.insert(bookingResources).values({ ...scope, name: 'Room', timeZone: 'UTC' }).returning()

  const holdEnds = new Date(Date.now() + 24 * 60 * 60_000)
  const firstSlot = Date.UTC(new Date().getUTCFullYear() + 1, 0, 4, 8)
  const pending: PendingPayment[] = []
  for (let from = 0; from < count; from += CHUNK) {
    const indexes = Array.from({ length: Math.min(CHUNK, count - from) }, (_, offset) => from + offset)
    const people = await db.insert(customers).values(indexes.map(index => ({ ...scope, name: `Customer ${index}`, email: `customer${index}@bench.example` }))).returning({ id: customers.id })
    const rows = await db.insert(bookings).values(indexes.map((index, row) => {
      const startsAt = new Date(firstSlot + index * SLOT_MINUTES * 60_000)
      const endsAt = new Date(startsAt.getTime() + SLOT_MINUTES * 60_000)
      return {
        ...scope, resourceId: resource!.id, customerId: people[row]!.id, status: 'pending_payment' as const, startsAt, endsAt, blocked: { start: startsAt, end: endsAt },
        holdExpiresAt: holdEnds, serviceName: 'Consultation', priceAmount: AMOUNT_MINOR, depositAmount: AMOUNT_MINOR, currency: 'EUR',
      }
    })).returning({ id: bookings.id })
    const orders = rows.map(() => redsysOrderNumber())
    await db.insert(payments).values(rows.map((booking, row) => ({
      ...scope, bookingId: booking.id, provider: 'redsys', status: 'pending', amountMinor: AMOUNT_MINOR, currency: 'EUR', checkoutId: orders[row]!, expiresAt: holdEnds,
    })))
    pending.push(...orders.map(order => ({ order, amountMinor: AMOUNT_MINOR })))
  }
  return { projectId: project.id, secretKey, pending }
}
