import { NotFoundError } from '@flectar/errors'
import { getInvoice, verifactuXmlOfInvoice } from '@flectar/invoices'

/** The invoice's VeriFactu records as AEAT XML (RegistroAlta / RegistroAnulacion), ready for submission. */
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'viewer')
  const invoice = await getInvoice(db, scope, invoiceIdParam(event))
  const xml = await verifactuXmlOfInvoice(db, invoice.id)
  if (!xml) throw new NotFoundError('This invoice has no VeriFactu record.', 'verifactu_record_not_found')
  setResponseHeaders(event, {
    'content-type': 'application/xml; charset=utf-8',
    'content-disposition': `attachment; filename="verifactu-${invoice.number!.replace(/[^\w.-]+/g, '-')}.xml"`,
    'cache-control': 'private, no-store',
  })
  return xml
})
