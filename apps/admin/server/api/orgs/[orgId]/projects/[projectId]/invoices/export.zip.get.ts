import { InvalidInputError, parseInput } from '@flectar/errors'
import { getInvoice, invoiceFileName, invoicesOfPeriod, periodCsv, zipFiles } from '@flectar/invoices'

/** At most this many PDFs in one download; a longer period is asked for in parts. */
const MAX_PDFS = 500

/** A period's invoice PDFs and the CSV in one ZIP, for the accountant (`from`, `to`). */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  const { from, to } = parseInput(invoicePeriodSchema, getQuery(event))
  const rows = await invoicesOfPeriod(db, scope, from, to)
  if (rows.length > MAX_PDFS) throw new InvalidInputError({ to: `This period has ${rows.length} invoices; download at most ${MAX_PDFS} at a time (a shorter period).` })
  const files: Array<{ name: string, data: Uint8Array }> = [{ name: `invoices-${from}-${to}.csv`, data: new TextEncoder().encode(await periodCsv(db, scope, from, to)) }]
  for (const row of rows) {
    const pdf = await renderProjectInvoicePdf(db, scope, await getInvoice(db, scope, row.id))
    files.push({ name: invoiceFileName(row.number!, 'pdf'), data: pdf })
  }
  setResponseHeaders(event, {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="invoices-${from}-${to}.zip"`,
    'cache-control': 'private, no-store',
  })
  return zipFiles(files)
})
