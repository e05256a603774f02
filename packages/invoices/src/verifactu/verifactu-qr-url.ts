import { verifactuAmount } from './verifactu-format'

/*
 * The URL in the QR code printed on a VERI*FACTU invoice (AEAT "Especificaciones técnicas del
 * código QR" v0.4.7). The customer scans it to check the invoice against the AEAT's records, so
 * every value must be the one submitted: the same NIF, number, date and total.
 */

export const VERIFACTU_QR_LEGEND = 'Factura verificable en la sede electrónica de la AEAT'
/** The short legend, printable instead of the long one. */
export const VERIFACTU_QR_SHORT_LEGEND = 'VERI*FACTU'

export const VERIFACTU_QR_BASE_URLS = {
  test: 'https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR',
  production: 'https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR',
} as const

export type VerifactuEnvironment = keyof typeof VERIFACTU_QR_BASE_URLS

export interface VerifactuQrInput {
  /** IDEmisorFactura */
  nif: string
  /** NumSerieFactura, as submitted (it is URL-encoded here) */
  numSerie: string
  /** FechaExpedicionFactura, dd-mm-yyyy */
  fecha: string
  /** ImporteTotal in minor units (cents) */
  importe: number
  environment: VerifactuEnvironment
}

const DATE_PATTERN = /^\d{2}-\d{2}-\d{4}$/

export function verifactuQrUrl(input: VerifactuQrInput): string {
  const base = VERIFACTU_QR_BASE_URLS[input.environment]
  if (!base) throw new RangeError(`Unknown VeriFactu environment '${String(input.environment)}'`)
  const nif = input.nif.trim()
  const numSerie = input.numSerie.trim()
  if (!nif) throw new RangeError('The QR code needs the issuer NIF')
  if (!numSerie) throw new RangeError('The QR code needs the invoice number')
  if (!DATE_PATTERN.test(input.fecha)) throw new RangeError(`QR fecha must be dd-mm-yyyy, got '${input.fecha}'`)
  const query = [
    ['nif', nif],
    ['numserie', numSerie],
    ['fecha', input.fecha],
    ['importe', verifactuAmount(input.importe)],
  ].map(([name, value]) => `${name}=${encodeURIComponent(value!)}`).join('&')
  return `${base}?${query}`
}
