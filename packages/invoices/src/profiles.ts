import { and, eq } from 'drizzle-orm'
import type { Actor } from '@flectar/accounts'
import { invoiceProfiles, invoiceSeries, type Db, type DbOrTx } from '@flectar/db'
import { ConflictError } from '@flectar/errors'
import { auditProjectChange, type ProjectScope } from '@flectar/sites'
import type { InvoiceProfileInput } from './schemas'

export type InvoiceProfile = typeof invoiceProfiles.$inferSelect
export type InvoiceSeries = typeof invoiceSeries.$inferSelect

export interface InvoiceProfileView extends InvoiceProfile {
  invoiceSeries: InvoiceSeries
  creditNoteSeries: InvoiceSeries
}

/** What a new profile's series start as: F2026-0001 and R2026-0001. */
export const DEFAULT_SERIES = {
  invoice: { prefix: 'F', yearlyReset: true, firstNumber: 1, digits: 4 },
  credit_note: { prefix: 'R', yearlyReset: true, firstNumber: 1, digits: 4 },
} as const

export async function findInvoiceProfile(db: DbOrTx, scope: ProjectScope): Promise<InvoiceProfileView | null> {
  const [profile] = await db.select().from(invoiceProfiles)
    .where(and(eq(invoiceProfiles.projectId, scope.projectId), eq(invoiceProfiles.orgId, scope.orgId)))
  if (!profile) return null
  const series = await db.select().from(invoiceSeries).where(eq(invoiceSeries.projectId, scope.projectId))
  const invoice = series.find(row => row.purpose === 'invoice')
  const creditNote = series.find(row => row.purpose === 'credit_note')
  if (!invoice || !creditNote) throw new Error(`invoice profile of project ${scope.projectId} has no series`)
  return { ...profile, invoiceSeries: invoice, creditNoteSeries: creditNote }
}

/**
 * Creates or replaces the profile and its two series. A series' prefix and reset may change
 * (the next number follows the new rule); numbers already issued keep what they printed.
 */
export async function saveInvoiceProfile(db: Db, scope: ProjectScope, input: InvoiceProfileInput, actor: Actor): Promise<InvoiceProfileView> {
  return await db.transaction(async (tx) => {
    const { invoiceSeries: invoiceRule, creditNoteSeries: creditRule, ...fields } = input
    const [before] = await tx.select({ bookingInvoices: invoiceProfiles.bookingInvoices, automaticSince: invoiceProfiles.automaticSince })
      .from(invoiceProfiles).where(eq(invoiceProfiles.projectId, scope.projectId)).for('update')
    const automaticSince = fields.bookingInvoices !== 'automatic'
      ? null
      : before?.bookingInvoices === 'automatic' ? before.automaticSince : new Date()
    const values = { ...fields, automaticSince, updatedAt: new Date() }
    await tx.insert(invoiceProfiles).values({ ...values, projectId: scope.projectId, orgId: scope.orgId })
      .onConflictDoUpdate({ target: invoiceProfiles.projectId, set: values })
    for (const [purpose, rule] of [['invoice', invoiceRule], ['credit_note', creditRule]] as const) {
      await tx.insert(invoiceSeries).values({ ...rule, purpose, orgId: scope.orgId, projectId: scope.projectId })
        .onConflictDoUpdate({ target: [invoiceSeries.projectId, invoiceSeries.purpose], set: { ...rule } })
    }
    await auditProjectChange(tx, actor, scope, {
      action: 'invoices.profile_saved', targetType: 'project', targetId: scope.projectId,
      metadata: { verifactu: fields.verifactu, bookingInvoices: fields.bookingInvoices, created: !before },
    })
    const saved = await findInvoiceProfile(tx, scope)
    return saved!
  })
}

/** The profile a project's invoices need; 409 when the owner has not set invoicing up yet. */
export async function requireInvoiceProfile(db: DbOrTx, scope: ProjectScope): Promise<InvoiceProfileView> {
  const profile = await findInvoiceProfile(db, scope)
  if (!profile) throw new ConflictError('Set up invoicing first: enter the legal name and tax id under Invoices › Settings.', 'invoice_profile_missing')
  return profile
}
