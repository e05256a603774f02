import { and, eq, or, sql } from 'drizzle-orm'
import { customers, type DbOrTx } from '@flectar/db'

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
 * The project's customer with this email (or, failing that, this phone), created if new.
 * A returning customer keeps their record; a missing phone or email is filled in. Call it
 * inside the booking's transaction so a booking never points at a customer that was not kept.
 */
export async function upsertCustomer(tx: DbOrTx, scope: { orgId: string, projectId: string }, input: CustomerInput) {
  const email = input.email?.trim().toLowerCase() || null
  const phone = input.phone ? normalisePhone(input.phone) || null : null
  const matches = [email ? eq(customers.email, email) : undefined, phone ? eq(customers.phone, phone) : undefined].filter(Boolean)
  if (matches.length > 0) {
    // At most two rows (email and phone are each unique per project): the email match first.
    const [existing, other] = await tx.select().from(customers)
      .where(and(eq(customers.projectId, scope.projectId), or(...matches)))
      .orderBy(sql`(${customers.email} = ${email}) desc nulls last`)
    if (existing) {
      // A phone another customer already has stays theirs (it is unique per project).
      const phoneIsOthers = other !== undefined && other.phone === phone
      const fill = { email: existing.email ?? email, phone: existing.phone ?? (phoneIsOthers ? null : phone), updatedAt: new Date() }
      const [updated] = await tx.update(customers).set(fill).where(eq(customers.id, existing.id)).returning()
      return updated!
    }
  }
  const [created] = await tx.insert(customers).values({ ...scope, name: input.name.trim(), email, phone })
    .onConflictDoUpdate({ target: [customers.projectId, customers.email], targetWhere: sql`email is not null`, set: { updatedAt: new Date() } })
    .returning()
  return created!
}
