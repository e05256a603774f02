import { and, asc, desc, eq, sql } from 'drizzle-orm'
import type { invoices, DbOrTx } from '@flectar/db'
import { verifactuChains, verifactuRecords } from '@flectar/db'
import { verifactuAmount, verifactuDate, verifactuHash, verifactuRecordXml, verifactuTimestamp, verifyVerifactuChain, type VerifactuAltaRecord, type VerifactuAnulacionRecord, type VerifactuPreviousRecord, type VerifactuRecord, type VerifactuTaxDetail } from './verifactu'
import type { RateTotal } from './totals'

/*
 * VeriFactu records as the platform keeps them: appended in the transaction that issues or
 * voids the invoice, chained per issuer tax id within the organisation (the chain's head row
 * is locked, so records are appended one at a time), and never changed (a trigger refuses it).
 */

type Invoice = typeof invoices.$inferSelect
export type StoredVerifactuRecord = typeof verifactuRecords.$inferSelect

/** F1 full, F2 simplified; a credit note is R1 (R5 when it corrects a simplified invoice). */
export function verifactuInvoiceType(kind: string, correctedKind: string | null): string {
  if (kind === 'invoice') return 'F1'
  if (kind === 'simplified') return 'F2'
  return correctedKind === 'simplified' ? 'R5' : 'R1'
}

interface AltaContext {
  invoice: Invoice
  rates: RateTotal[]
  description: string
  corrected: Pick<Invoice, 'kind' | 'number' | 'issueDate'> | null
  timeZone: string
  now: Date
}

async function lockChain(tx: DbOrTx, orgId: string, issuerTaxId: string) {
  await tx.insert(verifactuChains).values({ orgId, issuerTaxId }).onConflictDoNothing()
  const [chain] = await tx.select().from(verifactuChains)
    .where(and(eq(verifactuChains.orgId, orgId), eq(verifactuChains.issuerTaxId, issuerTaxId))).for('update')
  const [previous] = chain!.lastRecordId
    ? await tx.select().from(verifactuRecords).where(eq(verifactuRecords.id, chain!.lastRecordId))
    : []
  return { chain: chain!, previous: previous ?? null }
}

async function append(tx: DbOrTx, invoice: Invoice, kind: 'alta' | 'anulacion', build: (previous: StoredVerifactuRecord | null) => { record: VerifactuRecord, details: Record<string, unknown> }) {
  const issuerTaxId = invoice.issuer!.taxId!
  const { chain, previous } = await lockChain(tx, invoice.orgId, issuerTaxId)
  const { record, details } = build(previous)
  const huella = verifactuHash(record)
  const { kind: _kind, ...fields } = record
  const [stored] = await tx.insert(verifactuRecords).values({
    orgId: invoice.orgId, projectId: invoice.projectId, issuerTaxId, position: chain.length + 1, invoiceId: invoice.id, kind,
    record: fields as Record<string, string>,
    details: {
      ...details,
      previous: previous ? { idEmisorFactura: previous.issuerTaxId, ...previousIdentity(previous), huella: previous.huella } : null,
    },
    huella,
  }).returning()
  await tx.update(verifactuChains).set({ length: sql`${verifactuChains.length} + 1`, lastRecordId: stored!.id })
    .where(and(eq(verifactuChains.orgId, invoice.orgId), eq(verifactuChains.issuerTaxId, issuerTaxId)))
  return stored!
}

/** The invoice a stored record is about, as RegistroAnterior names it. */
function previousIdentity(record: StoredVerifactuRecord) {
  const fields = record.record
  return record.kind === 'alta'
    ? { numSerieFactura: fields.numSerieFactura!, fechaExpedicionFactura: fields.fechaExpedicionFactura! }
    : { numSerieFactura: fields.numSerieFacturaAnulada!, fechaExpedicionFactura: fields.fechaExpedicionFacturaAnulada! }
}

/** The registro de alta of an invoice just issued, in its issuing transaction. */
export async function appendAltaRecord(tx: DbOrTx, context: AltaContext): Promise<StoredVerifactuRecord> {
  const { invoice } = context
  return await append(tx, invoice, 'alta', previous => ({
    record: {
      kind: 'alta',
      idEmisorFactura: invoice.issuer!.taxId!,
      numSerieFactura: invoice.number!,
      fechaExpedicionFactura: verifactuDate(invoice.issueDate!),
      tipoFactura: verifactuInvoiceType(invoice.kind, context.corrected?.kind ?? null),
      cuotaTotal: verifactuAmount(invoice.taxMinor),
      importeTotal: verifactuAmount(invoice.totalMinor),
      huellaAnterior: previous?.huella ?? '',
      fechaHoraHusoGenRegistro: verifactuTimestamp(context.now, context.timeZone),
    },
    details: {
      nombreRazonEmisor: invoice.issuer!.name,
      descripcionOperacion: context.description,
      // A Spanish NIF names the recipient; other ids (IDOtro) are not written.
      destinatario: invoice.customer?.taxId && /^[A-Z0-9]{9}$/.test(invoice.customer.taxId) ? { nif: invoice.customer.taxId, nombreRazon: invoice.customer.name } : null,
      desglose: context.rates.map(rate => ({
        tipoImpositivo: (rate.taxRate / 100).toFixed(2),
        baseImponible: verifactuAmount(rate.baseMinor),
        cuotaRepercutida: verifactuAmount(rate.taxMinor),
      })),
      rectificada: context.corrected
        ? { numSerieFactura: context.corrected.number, fechaExpedicionFactura: verifactuDate(context.corrected.issueDate!) }
        : null,
    },
  }))
}

/** The registro de anulación of an invoice just voided, in the voiding transaction. */
export async function appendAnulacionRecord(tx: DbOrTx, invoice: Invoice, timeZone: string, now: Date): Promise<StoredVerifactuRecord> {
  return await append(tx, invoice, 'anulacion', previous => ({
    record: {
      kind: 'anulacion',
      idEmisorFacturaAnulada: invoice.issuer!.taxId!,
      numSerieFacturaAnulada: invoice.number!,
      fechaExpedicionFacturaAnulada: verifactuDate(invoice.issueDate!),
      huellaAnterior: previous?.huella ?? '',
      fechaHoraHusoGenRegistro: verifactuTimestamp(now, timeZone),
    },
    details: { nombreRazonEmisor: invoice.issuer!.name },
  }))
}

/** A stored record as `verifactuHash` takes it. */
export function storedToRecord(stored: StoredVerifactuRecord): VerifactuRecord {
  return { kind: stored.kind, ...stored.record } as VerifactuRecord
}

export interface ChainCheck {
  issuerTaxId: string
  count: number
  valid: boolean
  /** The first record that does not verify: its position and invoice, and why. */
  broken: { position: number, invoiceId: string, reason: string } | null
}

/**
 * Recomputes every hash of every chain the project's invoices are in, and checks each record
 * names the hash of the one before: what the admin's "verify chain" runs.
 */
export async function verifyProjectChains(db: DbOrTx, orgId: string, projectId: string): Promise<ChainCheck[]> {
  const issuers = await db.selectDistinct({ issuerTaxId: verifactuRecords.issuerTaxId }).from(verifactuRecords)
    .where(and(eq(verifactuRecords.orgId, orgId), eq(verifactuRecords.projectId, projectId)))
  const checks: ChainCheck[] = []
  for (const { issuerTaxId } of issuers) {
    const rows = await db.select().from(verifactuRecords)
      .where(and(eq(verifactuRecords.orgId, orgId), eq(verifactuRecords.issuerTaxId, issuerTaxId))).orderBy(asc(verifactuRecords.position))
    const gap = rows.findIndex((row, index) => row.position !== index + 1)
    const result = verifyVerifactuChain(rows.map(row => ({ ...storedToRecord(row), huella: row.huella })))
    const brokenAt = gap >= 0 ? gap : result.valid ? -1 : result.brokenAt
    const reason = gap >= 0 ? 'missing_record' : result.valid ? null : result.reason
    checks.push({
      issuerTaxId, count: rows.length, valid: brokenAt < 0,
      broken: brokenAt < 0 ? null : { position: rows[brokenAt]!.position, invoiceId: rows[brokenAt]!.invoiceId, reason: reason! },
    })
  }
  return checks
}

/** The software the records say made them: Flectar Base, installed for this issuer. */
function sistemaInformatico(record: StoredVerifactuRecord) {
  const details = record.details as { nombreRazonEmisor?: string }
  // Self-hosted, the business runs the system itself: it is the producer it declares.
  return {
    nombreRazon: details.nombreRazonEmisor ?? record.issuerTaxId, nif: record.issuerTaxId,
    nombreSistemaInformatico: 'Flectar Base', idSistemaInformatico: 'FB', version: '1.0',
    numeroInstalacion: (record.projectId ?? record.orgId).replaceAll('-', '').slice(0, 20),
  }
}

/** The newest VeriFactu record of an invoice as AEAT XML (with its declaration), or null without one. */
export async function verifactuXmlOfInvoice(db: DbOrTx, invoiceId: string): Promise<string | null> {
  const [record] = await db.select().from(verifactuRecords).where(eq(verifactuRecords.invoiceId, invoiceId)).orderBy(desc(verifactuRecords.id)).limit(1)
  if (!record) return null
  const details = record.details as {
    nombreRazonEmisor: string
    descripcionOperacion?: string
    destinatario?: { nif: string, nombreRazon: string } | null
    desglose?: VerifactuTaxDetail[]
    rectificada?: { numSerieFactura: string, fechaExpedicionFactura: string } | null
    previous: VerifactuPreviousRecord | null
  }
  const xml = record.kind === 'alta'
    ? verifactuRecordXml({
        record: storedToRecord(record) as VerifactuAltaRecord,
        nombreRazonEmisor: details.nombreRazonEmisor,
        descripcionOperacion: details.descripcionOperacion ?? '',
        destinatarios: details.destinatario ? [details.destinatario] : [],
        desglose: details.desglose ?? [],
        rectificativa: details.rectificada ? { tipo: 'I', facturas: [{ idEmisorFactura: record.issuerTaxId, ...details.rectificada }] } : null,
        previous: details.previous,
        sistemaInformatico: sistemaInformatico(record),
      })
    : verifactuRecordXml({ record: storedToRecord(record) as VerifactuAnulacionRecord, previous: details.previous, sistemaInformatico: sistemaInformatico(record) })
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`
}
