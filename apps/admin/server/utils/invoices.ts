import type { H3Event } from 'h3'
import type { Db } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'
import { projectInvoicePdf, type InvoiceDetail } from '@flectar/invoices'
import type { ProjectScope } from '@flectar/sites'
import { dateText, isUuid } from '@flectar/validation'
import { z } from 'zod'

/** The `invoiceId` route parameter; a malformed id is an invoice that does not exist (404). */
export function invoiceIdParam(event: H3Event): string {
  const id = getRouterParam(event, 'invoiceId')
  if (!isUuid(id)) throw new NotFoundError('There is no such invoice.', 'invoice_not_found')
  return id
}

/** An issued invoice's PDF, with the project's logo and colours. */
export async function renderProjectInvoicePdf(db: Db, scope: ProjectScope, invoice: InvoiceDetail): Promise<Buffer> {
  return await projectInvoicePdf(db, scope, invoice, useFileStorage())
}

/** `from`/`to` of an export: dates of issue, `to` not before `from`. */
export const invoicePeriodSchema = z.object({ from: dateText(), to: dateText() })
  .refine(period => period.to >= period.from, { path: ['to'], message: 'The end of the period must not be before its start.' })
