import type { InvoicePdfInput } from './invoice-pdf-input'

export interface InvoicePdfLabels {
  title: Record<InvoicePdfInput['kind'], string>
  number: string
  issueDate: string
  dueDate: string
  billTo: string
  taxId: string
  corrects: string
  /** Joins the corrected number and its date: "Corrects invoice F1 of 1 Dec 2026". */
  correctsDateJoin: string
  reason: string
  description: string
  quantity: string
  unitPrice: string
  discount: string
  tax: string
  amount: string
  inclTax: string
  taxRate: string
  taxBase: string
  taxAmount: string
  total: string
  paid: string
  amountDue: string
  paymentTerms: string
  notes: string
}

export const INVOICE_PDF_LABELS: Record<InvoicePdfInput['language'], InvoicePdfLabels> = {
  en: {
    title: { invoice: 'Invoice', simplified: 'Simplified invoice', credit_note: 'Credit note' },
    number: 'Number',
    issueDate: 'Date of issue',
    dueDate: 'Due',
    billTo: 'Bill to',
    taxId: 'Tax ID',
    corrects: 'Corrects invoice',
    correctsDateJoin: 'of',
    reason: 'Reason',
    description: 'Description',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    discount: 'Discount',
    tax: 'Tax',
    amount: 'Amount',
    inclTax: 'incl. tax',
    taxRate: 'Tax rate',
    taxBase: 'Tax base',
    taxAmount: 'Tax',
    total: 'Total',
    paid: 'Paid',
    amountDue: 'Amount due',
    paymentTerms: 'Payment terms',
    notes: 'Notes',
  },
  es: {
    title: { invoice: 'Factura', simplified: 'Factura simplificada', credit_note: 'Factura rectificativa' },
    number: 'Número',
    issueDate: 'Fecha de expedición',
    dueDate: 'Vencimiento',
    billTo: 'Cliente',
    taxId: 'NIF',
    corrects: 'Rectifica la factura',
    correctsDateJoin: 'de',
    reason: 'Motivo',
    description: 'Concepto',
    quantity: 'Cant.',
    unitPrice: 'Precio',
    discount: 'Dto.',
    tax: 'IVA',
    amount: 'Importe',
    inclTax: 'IVA incl.',
    taxRate: 'Tipo IVA',
    taxBase: 'Base imponible',
    taxAmount: 'Cuota IVA',
    total: 'Total',
    paid: 'Pagado',
    amountDue: 'Pendiente',
    paymentTerms: 'Forma de pago',
    notes: 'Notas',
  },
}
