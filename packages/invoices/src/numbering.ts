import { and, eq, sql } from 'drizzle-orm'
import { invoiceSeriesCounters, type DbOrTx, type invoiceSeries } from '@flectar/db'
import { ConflictError } from '@flectar/errors'

type Series = typeof invoiceSeries.$inferSelect

export interface TakenNumber {
  year: number
  sequence: number
  number: string
}

/** How a number prints: `F2026-0007` with yearly reset, `F0007` without. */
export function formatInvoiceNumber(series: Pick<Series, 'prefix' | 'yearlyReset' | 'digits'>, year: number, sequence: number): string {
  const digits = String(sequence).padStart(series.digits, '0')
  return series.yearlyReset ? `${series.prefix}${year}-${digits}` : `${series.prefix}${digits}`
}

/**
 * Takes the next number of a series for an invoice issued on `issueDate`, inside the issuing
 * transaction. The counter row stays locked until that transaction ends, so concurrent issues
 * queue here one after another; a transaction that fails afterwards rolls the number back with
 * it, which is what keeps the series gapless. Numbers follow dates: an issue date before the
 * series' last one is refused (409), as the numbering would no longer be in date order.
 */
export async function takeInvoiceNumber(tx: DbOrTx, series: Series, issueDate: string): Promise<TakenNumber> {
  const year = series.yearlyReset ? Number(issueDate.slice(0, 4)) : 0
  await tx.insert(invoiceSeriesCounters).values({ seriesId: series.id, year, nextNumber: series.firstNumber }).onConflictDoNothing()
  // One statement takes the number and locks the row; `greatest` keeps the latest date, so a
  // returned date after this issue's means the series already has a later invoice.
  const [counter] = await tx.update(invoiceSeriesCounters)
    .set({ nextNumber: sql`${invoiceSeriesCounters.nextNumber} + 1`, lastIssueDate: sql`greatest(${invoiceSeriesCounters.lastIssueDate}, ${issueDate}::date)` })
    .where(and(eq(invoiceSeriesCounters.seriesId, series.id), eq(invoiceSeriesCounters.year, year)))
    .returning({ sequence: sql<number>`${invoiceSeriesCounters.nextNumber} - 1`, lastIssueDate: invoiceSeriesCounters.lastIssueDate })
  if (!counter) throw new Error(`invoice series counter ${series.id}/${year} vanished`)
  if (counter.lastIssueDate! > issueDate) {
    throw new ConflictError(`The last invoice of this series is dated ${counter.lastIssueDate}; a new one cannot be dated earlier.`, 'invoice_date_before_last')
  }
  const sequence = counter.sequence
  return { year, sequence, number: formatInvoiceNumber(series, year, sequence) }
}
