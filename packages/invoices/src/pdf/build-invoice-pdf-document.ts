import type { Alignment, Column, Content, ContentStack, ContentText, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces'
import { formatInvoiceDate, formatInvoiceMoney, formatQuantity, formatTaxRate, invoiceLocale } from './invoice-pdf-format'
import type { InvoicePdfInput } from './invoice-pdf-input'
import { INVOICE_PDF_LABELS, type InvoicePdfLabels } from './invoice-pdf-labels'
import { verifactuQrNode } from './invoice-pdf-qr'
import {
  CONTENT_WIDTH, INK, invoicePdfTheme, linesTableLayout, MUTED, PAGE_MARGINS, quietTableLayout, RULE,
  type InvoicePdfTheme,
} from './invoice-pdf-theme'

// pdfmake reads `language` (the PDF's /Lang) but its type definitions leave it out.
export type InvoicePdfDocument = TDocumentDefinitions & { language?: string }

interface Context {
  input: InvoicePdfInput
  labels: InvoicePdfLabels
  theme: InvoicePdfTheme
  money: (amountMinor: number) => string
  date: (date: string) => string
}

/** The pdfmake document for an invoice: pure, so it can be inspected without rendering. */
export function buildInvoicePdfDocument(input: InvoicePdfInput): InvoicePdfDocument {
  const ctx: Context = {
    input,
    labels: INVOICE_PDF_LABELS[input.language],
    theme: invoicePdfTheme(input.accentColor),
    money: amountMinor => formatInvoiceMoney(amountMinor, input.currency, input.language),
    date: date => formatInvoiceDate(date, input.language),
  }
  const title = ctx.labels.title[input.kind]
  // The issue date, not the clock: the same invoice always renders the same bytes.
  const issued = new Date(`${input.issueDate}T00:00:00Z`)
  return {
    pageSize: 'A4',
    pageMargins: PAGE_MARGINS,
    language: invoiceLocale(input.language),
    displayTitle: true,
    info: {
      title: input.number,
      author: input.issuer.legalName,
      subject: `${title} ${input.number}`,
      creator: 'Flectar',
      producer: 'Flectar',
      creationDate: issued,
      modDate: issued,
    },
    images: input.issuer.logo
      ? { logo: `data:${input.issuer.logo.mimeType};base64,${input.issuer.logo.data.toString('base64')}` }
      : {},
    defaultStyle: { font: 'Roboto', fontSize: 9, color: INK, lineHeight: 1.15 },
    header: currentPage => (currentPage === 1
      ? null
      : {
          margin: [PAGE_MARGINS[0], 24, PAGE_MARGINS[2], 0],
          columns: [
            { text: input.issuer.legalName, color: MUTED, fontSize: 8 },
            { text: `${title} ${input.number}`, color: MUTED, fontSize: 8, alignment: 'right' },
          ],
        }),
    footer: (currentPage, pageCount) => ({
      margin: [PAGE_MARGINS[0], 20, PAGE_MARGINS[2], 0],
      stack: [
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 0.5, lineColor: RULE }] },
        {
          margin: [0, 6, 0, 0],
          columns: [
            { text: input.footer?.trim() || `${input.issuer.legalName} · ${ctx.labels.taxId} ${input.issuer.taxId}`, color: MUTED, fontSize: 7 },
            { text: `${currentPage} / ${pageCount}`, color: MUTED, fontSize: 8, alignment: 'right', width: 50 },
          ],
          columnGap: 12,
        },
      ],
    }),
    content: [
      headerSection(ctx),
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 1.5, lineColor: ctx.theme.accent }], margin: [0, 14, 0, 14] },
      partiesSection(ctx),
      linesTable(ctx),
      summarySection(ctx),
      textSection(ctx.labels.paymentTerms, input.paymentTerms),
      textSection(ctx.labels.notes, input.notes),
    ],
  }
}

function caption(text: string, alignment: Alignment = 'left'): ContentText {
  return { text: text.toUpperCase(), fontSize: 7, bold: true, color: MUTED, characterSpacing: 0.6, margin: [0, 0, 0, 3], alignment }
}

function issuerSection({ input, labels, theme }: Context): ContentStack {
  const { issuer } = input
  const contact = [issuer.email, issuer.phone].filter((value): value is string => !!value)
  return {
    stack: [
      issuer.logo
        ? { image: 'logo', fit: [140, 48], margin: [0, 0, 0, 6] }
        : { text: issuer.legalName, fontSize: 16, bold: true, color: theme.accent, margin: [0, 0, 0, 4] },
      ...(issuer.logo ? [{ text: issuer.legalName, bold: true }] : []),
      { text: `${labels.taxId} ${issuer.taxId}` },
      ...issuer.addressLines.map(line => ({ text: line, color: MUTED })),
      ...contact.map(line => ({ text: line, color: MUTED })),
    ],
  }
}

function headerSection(ctx: Context): Content {
  const { input, labels, theme } = ctx
  const meta: Array<[string, string]> = [
    [labels.number, input.number],
    [labels.issueDate, ctx.date(input.issueDate)],
    ...(input.dueDate ? [[labels.dueDate, ctx.date(input.dueDate)] as [string, string]] : []),
  ]
  const metaRows: TableCell[][] = meta.map(([label, value], row) => [
    { text: label, color: MUTED, alignment: 'right' },
    { text: value, bold: row === 0, alignment: 'right' },
  ])
  const columns: Column[] = []
  // AEAT prefers the QR at the top left, legend beside it; nothing may overlap it.
  if (input.verifactu) {
    columns.push({
      width: 112,
      stack: [
        verifactuQrNode(input.verifactu.qrUrl),
        { text: input.verifactu.legend, fontSize: 6.5, color: MUTED, margin: [0, 4, 0, 0] },
      ],
    })
  }
  columns.push({ width: '*', ...issuerSection(ctx) })
  columns.push({
    width: 'auto',
    stack: [
      { text: labels.title[input.kind], fontSize: 20, bold: true, color: theme.accent, alignment: 'right', margin: [0, 0, 0, 8] },
      {
        layout: quietTableLayout(2, 8),
        table: { widths: ['auto', 'auto'], body: metaRows },
      },
    ],
  })
  return { columns, columnGap: 16 }
}

function partiesSection(ctx: Context): Content {
  const { input, labels, theme } = ctx
  const columns: Column[] = []
  const { customer, corrects } = input
  if (customer) {
    columns.push({
      width: '*',
      stack: [
        caption(labels.billTo),
        { text: customer.name, bold: true, fontSize: 10.5 },
        ...(customer.taxId ? [{ text: `${labels.taxId} ${customer.taxId}` }] : []),
        ...customer.addressLines.map(line => ({ text: line, color: MUTED })),
        ...(customer.email ? [{ text: customer.email, color: MUTED }] : []),
      ],
    })
  }
  if (corrects) {
    columns.push({
      width: customer ? 240 : '*',
      table: {
        widths: ['*'],
        body: [[{
          stack: [
            { text: [`${labels.corrects} `, { text: corrects.number, bold: true }, ` ${labels.correctsDateJoin} ${ctx.date(corrects.issueDate)}`] },
            ...(corrects.reason ? [{ text: `${labels.reason}: ${corrects.reason}`, color: MUTED, margin: [0, 3, 0, 0] } as Content] : []),
          ],
        }]],
      },
      layout: {
        hLineWidth: () => 0,
        vLineWidth: i => (i === 0 ? 2 : 0),
        vLineColor: () => theme.accent,
        fillColor: () => theme.accentTint,
        paddingLeft: () => 10,
        paddingRight: () => 10,
        paddingTop: () => 8,
        paddingBottom: () => 8,
      },
    })
  }
  if (columns.length === 0) return { text: '', margin: [0, 0, 0, 4] }
  return { columns, columnGap: 24, margin: [0, 0, 0, 18] }
}

function linesTable(ctx: Context): Content {
  const { input, labels } = ctx
  const withDiscount = input.lines.some(line => line.discountMinor !== 0)
  const priced = (label: string) => (input.pricesIncludeTax ? `${label}\n(${labels.inclTax})` : label)
  const head = (text: string, right = true): TableCell => ({ text, bold: true, color: '#ffffff', fontSize: 8, alignment: right ? 'right' : 'left' })
  const header: TableCell[] = [
    head(labels.description, false),
    head(labels.quantity),
    head(priced(labels.unitPrice)),
    ...(withDiscount ? [head(labels.discount)] : []),
    head(labels.tax),
    head(priced(labels.amount)),
  ]
  const rows: TableCell[][] = input.lines.map(line => [
    { text: line.description },
    { text: formatQuantity(line.quantity, input.language), alignment: 'right' },
    { text: ctx.money(line.unitPriceMinor), alignment: 'right', noWrap: true },
    ...(withDiscount ? [{ text: line.discountMinor ? ctx.money(-line.discountMinor) : '', alignment: 'right', noWrap: true } as TableCell] : []),
    { text: formatTaxRate(line.taxRateBasisPoints, input.language), alignment: 'right', noWrap: true },
    { text: ctx.money(line.amountMinor), alignment: 'right', noWrap: true },
  ])
  return {
    layout: linesTableLayout(ctx.theme),
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: ['*', 34, 70, ...(withDiscount ? [60] : []), 40, 74],
      body: [header, ...rows],
    },
    margin: [0, 0, 0, 16],
  }
}

function summarySection(ctx: Context): Content {
  const { input, labels, theme } = ctx
  const right = (text: string, extra: object = {}): TableCell => ({ text, alignment: 'right', noWrap: true, ...extra })
  const breakdown: TableCell[][] = [
    [caption(labels.taxRate), caption(labels.taxBase, 'right'), caption(labels.taxAmount, 'right')],
    ...input.taxBreakdown.map(rate => [
      formatTaxRate(rate.taxRateBasisPoints, input.language),
      right(ctx.money(rate.baseMinor)),
      right(ctx.money(rate.taxMinor)),
    ]),
  ]
  const { totals } = input
  const totalRows: TableCell[][] = [
    [labels.taxBase, right(ctx.money(totals.baseMinor))],
    [labels.tax, right(ctx.money(totals.taxMinor))],
    [
      { text: labels.total, bold: true, fontSize: 12, color: theme.accent },
      right(ctx.money(totals.totalMinor), { bold: true, fontSize: 12, color: theme.accent }),
    ],
    ...(totals.paidMinor !== undefined ? [[labels.paid, right(ctx.money(totals.paidMinor))]] : []),
    ...(totals.dueMinor !== undefined ? [[{ text: labels.amountDue, bold: true }, right(ctx.money(totals.dueMinor), { bold: true })]] : []),
  ]
  const totalRowIndex = 2
  return {
    unbreakable: true,
    columns: [
      { width: '*', layout: quietTableLayout(3, 10), table: { headerRows: 1, widths: ['auto', 'auto', 'auto'], body: breakdown } },
      {
        width: 220,
        table: { widths: ['*', 'auto'], body: totalRows },
        layout: {
          hLineWidth: i => (i === totalRowIndex || i === totalRowIndex + 1 ? 0.8 : 0),
          vLineWidth: () => 0,
          hLineColor: () => theme.accent,
          fillColor: row => (row === totalRowIndex ? theme.accentTint : null),
          paddingLeft: () => 8,
          paddingRight: () => 8,
          paddingTop: row => (row === totalRowIndex ? 7 : 4),
          paddingBottom: row => (row === totalRowIndex ? 7 : 4),
        },
      },
    ],
    columnGap: 24,
    margin: [0, 0, 0, 18],
  }
}

function textSection(title: string, text: string | null | undefined): Content {
  if (!text?.trim()) return { text: '' }
  return { unbreakable: true, stack: [caption(title), { text: text.trim() }], margin: [0, 0, 0, 12] }
}
