import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { invoiceFileName, invoicesCsv, zipFiles, type CsvInvoice } from './documents'

const row = (overrides: Partial<CsvInvoice>): CsvInvoice => ({
  number: 'F2026-0001', kind: 'invoice', status: 'paid', issueDate: '2026-12-07', dueDate: '2026-12-22',
  customer: { name: 'Comercial Brisa S.A.', taxId: 'A87654321' }, correctsNumber: null, currency: 'EUR',
  rates: [{ taxRate: 2100, baseMinor: 175000, taxMinor: 36750 }], totalMinor: 211750, paidMinor: 211750,
  ...overrides,
})

describe('the accountant\'s export', () => {
  it('has one row per invoice and tax rate, the total once, amounts in major units', () => {
    const csv = invoicesCsv([
      row({ rates: [{ taxRate: 2100, baseMinor: 175000, taxMinor: 36750 }, { taxRate: 1000, baseMinor: 20000, taxMinor: 2000 }], totalMinor: 233750, paidMinor: 50000 }),
      row({ number: 'R2026-0001', kind: 'credit_note', status: 'issued', correctsNumber: 'F2026-0001', rates: [{ taxRate: 2100, baseMinor: -2479, taxMinor: -521 }], totalMinor: -3000, paidMinor: 0 }),
    ])
    expect(csv.split('\r\n')).toEqual([
      'number,kind,status,issue_date,due_date,customer,customer_tax_id,corrects,currency,tax_rate,base,tax,total,paid',
      'F2026-0001,invoice,paid,2026-12-07,2026-12-22,Comercial Brisa S.A.,A87654321,,EUR,21.00,1750.00,367.50,2337.50,500.00',
      'F2026-0001,invoice,paid,2026-12-07,2026-12-22,Comercial Brisa S.A.,A87654321,,EUR,10.00,200.00,20.00,,',
      'R2026-0001,credit_note,issued,2026-12-07,2026-12-22,Comercial Brisa S.A.,A87654321,F2026-0001,EUR,21.00,-24.79,-5.21,-30.00,0.00',
      '',
    ])
  })

  it('quotes commas and quotes, and keeps a customer\'s name from running as a spreadsheet formula', () => {
    const csv = invoicesCsv([row({ customer: { name: '=HYPERLINK("http://evil.example"),"x"', taxId: null } }), row({ customer: { name: 'Ruiz, Marta', taxId: null } })])
    const [, formula, comma] = csv.split('\r\n')
    expect(formula).toContain(',"\'=HYPERLINK(""http://evil.example""),""x""",')
    expect(comma).toContain(',"Ruiz, Marta",')
  })

  it('names files after their number, a series\' slash made safe', () => {
    expect(invoiceFileName('F2026-0007', 'pdf')).toBe('F2026-0007.pdf')
    expect(invoiceFileName('1/25A-321', 'pdf')).toBe('1-25A-321.pdf')
  })

  it('zips the files it is given, byte for byte', () => {
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2D, 1, 2, 3])
    const files = unzipSync(zipFiles([{ name: 'F2026-0001.pdf', data: pdf }, { name: 'invoices.csv', data: new TextEncoder().encode('a,b\r\n') }]))
    expect(Object.keys(files).sort()).toEqual(['F2026-0001.pdf', 'invoices.csv'])
    expect([...files['F2026-0001.pdf']!]).toEqual([...pdf])
    expect(new TextDecoder().decode(files['invoices.csv'])).toBe('a,b\r\n')
  })
})
