import { createHash } from 'node:crypto'

/*
 * The huella (hash) of a VeriFactu record, per the AEAT "especificaciones técnicas para
 * generación de la huella" §3: `campo=valor` pairs in a fixed order, joined with `&`, UTF-8,
 * SHA-256, upper-case hex. Every value is the exact string that goes into the XML, so callers
 * serialise once (verifactu-format.ts) and pass the same strings here and to the XML.
 */

/** A registro de alta as it is hashed: every field already formatted as in the XML. */
export interface VerifactuAltaRecord {
  kind: 'alta'
  idEmisorFactura: string
  numSerieFactura: string
  /** dd-mm-yyyy */
  fechaExpedicionFactura: string
  tipoFactura: string
  /** ImporteSgn12.2, e.g. `12.35` */
  cuotaTotal: string
  importeTotal: string
  /** The previous record's huella in the same chain; empty for the first record. */
  huellaAnterior: string
  /** ISO 8601 with an explicit offset: `2024-01-01T19:20:30+01:00` */
  fechaHoraHusoGenRegistro: string
}

/** A registro de anulación as it is hashed. */
export interface VerifactuAnulacionRecord {
  kind: 'anulacion'
  idEmisorFacturaAnulada: string
  numSerieFacturaAnulada: string
  fechaExpedicionFacturaAnulada: string
  huellaAnterior: string
  fechaHoraHusoGenRegistro: string
}

export type VerifactuRecord = VerifactuAltaRecord | VerifactuAnulacionRecord

function joinFields(fields: Array<[string, string]>): string {
  return fields.map(([name, value]) => `${name}=${value.trim()}`).join('&')
}

/** The exact string the huella is the SHA-256 of (no trailing newline: one would change the hash). */
export function verifactuHashInput(record: VerifactuRecord): string {
  if (record.kind === 'alta') {
    return joinFields([
      ['IDEmisorFactura', record.idEmisorFactura],
      ['NumSerieFactura', record.numSerieFactura],
      ['FechaExpedicionFactura', record.fechaExpedicionFactura],
      ['TipoFactura', record.tipoFactura],
      ['CuotaTotal', record.cuotaTotal],
      ['ImporteTotal', record.importeTotal],
      ['Huella', record.huellaAnterior],
      ['FechaHoraHusoGenRegistro', record.fechaHoraHusoGenRegistro],
    ])
  }
  return joinFields([
    ['IDEmisorFacturaAnulada', record.idEmisorFacturaAnulada],
    ['NumSerieFacturaAnulada', record.numSerieFacturaAnulada],
    ['FechaExpedicionFacturaAnulada', record.fechaExpedicionFacturaAnulada],
    ['Huella', record.huellaAnterior],
    ['FechaHoraHusoGenRegistro', record.fechaHoraHusoGenRegistro],
  ])
}

/** The record's huella: 64 upper-case hex characters. */
export function verifactuHash(record: VerifactuRecord): string {
  return createHash('sha256').update(verifactuHashInput(record), 'utf8').digest('hex').toUpperCase()
}
