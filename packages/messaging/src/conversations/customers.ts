import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { customers, type DbOrTx } from '@flectar/db'

/** The organisation and project a record belongs to. */
export interface ProjectScope {
  orgId: string
  projectId: string
}

export interface CustomerInput {
  name: string
  email?: string | null
  phone?: string | null
}

/** `+34 600-11 22 33` → `+34600112233`: the form phones are matched in. */
export function normalisePhone(phone: string): string {
  const trimmed = phone.trim()
  return (trimmed.startsWith('+') ? '+' : '') + trimmed.replace(/\D/g, '')
}

/**
 * The project's customer for this booking or message, created if new. The email decides who they are,
 * because messages about the booking go to it (P23): a phone only finds a customer who has
 * no email yet (booked at the desk by phone), or anyone when no email is given. A missing
 *  phone or email is filled in. Call it inside the booking's (or message's) transaction.
 */
export async function upsertCustomer(tx: DbOrTx, scope: ProjectScope, input: CustomerInput) {
  const email = input.email?.trim().toLowerCase() || null
  const phone = input.phone ? normalisePhone(input.phone) || null : null
  const inProject = eq(customers.projectId, scope.projectId)
  const existing = email
    ? (await tx.select().from(customers).where(and(inProject, eq(customers.email, email))).limit(1))[0]
    ?? (phone ? (await tx.select().from(customers).where(and(inProject, eq(customers.phone, phone), isNull(customers.email))).orderBy(asc(customers.createdAt)).limit(1))[0] : undefined)
    : phone ? (await tx.select().from(customers).where(and(inProject, eq(customers.phone, phone))).orderBy(asc(customers.createdAt)).limit(1))[0] : undefined
  if (existing) {
    const [updated] = await tx.update(customers).set({ email: existing.email ?? email, phone: existing.phone ?? phone, updatedAt: new Date() })
      .where(eq(customers.id, existing.id)).returning()
    return updated!
  }
  const [created] = await tx.insert(customers).values({ ...scope, name: input.name.trim(), email, phone })
    .onConflictDoUpdate({ target: [customers.projectId, customers.email], targetWhere: sql`email is not null`, set: { updatedAt: new Date() } })
    .returning()
  return created!
}
