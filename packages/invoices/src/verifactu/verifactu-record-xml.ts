import { verifactuHash, type VerifactuAltaRecord, type VerifactuAnulacionRecord } from './verifactu-hash'

/*
 * A VeriFactu record as the `sum1:RegistroAlta` / `sum1:RegistroAnulacion` element of the AEAT
 * SuministroInformacion schema, ready to go inside a RegFactuSistemaFacturacion request
 * (sending it is not done here). Elements follow the XSD sequence; the hashed fields are written
 * from the same record the huella is computed from, so the XML can never disagree with its hash.
 */

export const VERIFACTU_SUMINISTRO_INFORMACION_NS
  = 'https://www2.agenciatributaria.gob.es/static_files/common/internet/dep/aplicaciones/es/aeat/tike/cont/ws/SuministroInformacion.xsd'

/** The software that makes the records (the "sistema informático"), as declared to the AEAT. */
export interface VerifactuSistemaInformatico {
  nombreRazon: string
  nif: string
  nombreSistemaInformatico: string
  idSistemaInformatico: string
  version: string
  numeroInstalacion: string
}

/** An invoice as another record names it (RegistroAnterior, IDFacturaRectificada). */
export interface VerifactuInvoiceId {
  idEmisorFactura: string
  numSerieFactura: string
  /** dd-mm-yyyy */
  fechaExpedicionFactura: string
}

/** The record before this one in the chain: the invoice it is about and its huella. */
export interface VerifactuPreviousRecord extends VerifactuInvoiceId {
  huella: string
}

/** One tax rate of the breakdown (VAT, regime 01, subject and not exempt), amounts as in the XML. */
export interface VerifactuTaxDetail {
  /** Tipo2.2, e.g. `21.00` */
  tipoImpositivo: string
  baseImponible: string
  cuotaRepercutida: string
}

/** A corrective invoice: by differences (`I`) or by substitution (`S`, with the corrected amounts). */
export type VerifactuRectificativa
  = | { tipo: 'I', facturas: VerifactuInvoiceId[] }
    | { tipo: 'S', facturas: VerifactuInvoiceId[], baseRectificada: string, cuotaRectificada: string }

export interface VerifactuAltaXmlInput {
  /** The record exactly as hashed. */
  record: VerifactuAltaRecord
  nombreRazonEmisor: string
  descripcionOperacion: string
  /** Required when `tipoFactura` is R1–R5, refused otherwise. */
  rectificativa?: VerifactuRectificativa | null
  destinatarios?: Array<{ nif: string, nombreRazon: string }>
  desglose: VerifactuTaxDetail[]
  /** null for the first record of the chain; its huella must be the record's `huellaAnterior`. */
  previous: VerifactuPreviousRecord | null
  sistemaInformatico: VerifactuSistemaInformatico
}

export interface VerifactuAnulacionXmlInput {
  record: VerifactuAnulacionRecord
  previous: VerifactuPreviousRecord | null
  sistemaInformatico: VerifactuSistemaInformatico
}

// Characters XML 1.0 cannot carry at all, escaped or not (C0 controls but tab/LF/CR, lone
// surrogates, U+FFFE/U+FFFF): refused rather than dropped, since dropping would change the hash.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHARACTER = /[\u0000-\u0008\v\f\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const AMOUNT = /^-?\d{1,12}(\.\d{1,2})?$/
const RATE = /^\d{1,3}(\.\d{1,2})?$/
const DATE = /^\d{2}-\d{2}-\d{4}$/
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/
const HUELLA = /^[0-9A-F]{64}$/

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;')
}

/** `<sum1:name>value</sum1:name>`, the value trimmed as the huella reads it. */
function text(name: string, value: string, rule?: { pattern?: RegExp, max?: number }): string {
  const trimmed = value.trim()
  if (!trimmed) throw new RangeError(`${name} is empty`)
  if (NOT_XML_CHARACTER.test(trimmed)) throw new RangeError(`${name} contains a character XML cannot carry`)
  if (rule?.pattern && !rule.pattern.test(trimmed)) throw new RangeError(`${name} '${trimmed}' is not in the AEAT format`)
  if (rule?.max && [...trimmed].length > rule.max) throw new RangeError(`${name} is longer than ${rule.max} characters`)
  return `<sum1:${name}>${escapeText(trimmed)}</sum1:${name}>`
}

function group(name: string, ...children: string[]): string {
  return `<sum1:${name}>${children.join('')}</sum1:${name}>`
}

function root(name: string, ...children: string[]): string {
  return `<sum1:${name} xmlns:sum1="${VERIFACTU_SUMINISTRO_INFORMACION_NS}">${children.join('')}</sum1:${name}>`
}

function invoiceId(wrapper: string, id: VerifactuInvoiceId): string {
  return group(wrapper,
    text('IDEmisorFactura', id.idEmisorFactura, { max: 9 }),
    text('NumSerieFactura', id.numSerieFactura, { max: 60 }),
    text('FechaExpedicionFactura', id.fechaExpedicionFactura, { pattern: DATE }))
}

function encadenamiento(huellaAnterior: string, previous: VerifactuPreviousRecord | null): string {
  if (previous === null) {
    if (huellaAnterior !== '') throw new RangeError('The record names a previous huella but no previous record was given')
    return group('Encadenamiento', text('PrimerRegistro', 'S'))
  }
  if (previous.huella !== huellaAnterior) throw new RangeError('The previous record\'s huella is not the record\'s huellaAnterior')
  return group('Encadenamiento', group('RegistroAnterior',
    text('IDEmisorFactura', previous.idEmisorFactura, { max: 9 }),
    text('NumSerieFactura', previous.numSerieFactura, { max: 60 }),
    text('FechaExpedicionFactura', previous.fechaExpedicionFactura, { pattern: DATE }),
    text('Huella', previous.huella, { pattern: HUELLA })))
}

function sistemaInformatico(system: VerifactuSistemaInformatico): string {
  // Fixed declarations: this platform is only ever a VERI*FACTU system, one taxpayer per installation.
  return group('SistemaInformatico',
    text('NombreRazon', system.nombreRazon, { max: 120 }),
    text('NIF', system.nif, { max: 9 }),
    text('NombreSistemaInformatico', system.nombreSistemaInformatico, { max: 30 }),
    text('IdSistemaInformatico', system.idSistemaInformatico, { max: 2 }),
    text('Version', system.version, { max: 50 }),
    text('NumeroInstalacion', system.numeroInstalacion, { max: 100 }),
    text('TipoUsoPosibleSoloVerifactu', 'S'),
    text('TipoUsoPosibleMultiOT', 'N'),
    text('IndicadorMultiplesOT', 'N'))
}

function huellaElements(huella: string): string[] {
  return [text('TipoHuella', '01'), text('Huella', huella)]
}

function rectificativaElements(tipoFactura: string, rectificativa: VerifactuRectificativa | null | undefined): string[] {
  const corrective = tipoFactura.trim().startsWith('R')
  if (!rectificativa) {
    if (corrective) throw new RangeError(`A ${tipoFactura} invoice needs the invoices it corrects`)
    return []
  }
  if (!corrective) throw new RangeError(`A ${tipoFactura} invoice is not corrective`)
  if (rectificativa.facturas.length < 1 || rectificativa.facturas.length > 1000) throw new RangeError('A corrective invoice names 1 to 1000 corrected invoices')
  return [
    text('TipoRectificativa', rectificativa.tipo),
    group('FacturasRectificadas', ...rectificativa.facturas.map(factura => invoiceId('IDFacturaRectificada', factura))),
    ...(rectificativa.tipo === 'S'
      ? [group('ImporteRectificacion',
          text('BaseRectificada', rectificativa.baseRectificada, { pattern: AMOUNT }),
          text('CuotaRectificada', rectificativa.cuotaRectificada, { pattern: AMOUNT }))]
      : []),
  ]
}

function destinatariosElements(destinatarios: VerifactuAltaXmlInput['destinatarios']): string[] {
  if (!destinatarios?.length) return []
  if (destinatarios.length > 1000) throw new RangeError('At most 1000 recipients')
  return [group('Destinatarios', ...destinatarios.map(destinatario => group('IDDestinatario',
    text('NombreRazon', destinatario.nombreRazon, { max: 120 }),
    text('NIF', destinatario.nif, { max: 9 }))))]
}

function desgloseElement(desglose: VerifactuTaxDetail[]): string {
  if (desglose.length < 1 || desglose.length > 12) throw new RangeError('The tax breakdown has 1 to 12 rates')
  return group('Desglose', ...desglose.map(detail => group('DetalleDesglose',
    text('Impuesto', '01'),
    text('ClaveRegimen', '01'),
    text('CalificacionOperacion', 'S1'),
    text('TipoImpositivo', detail.tipoImpositivo, { pattern: RATE }),
    text('BaseImponibleOimporteNoSujeto', detail.baseImponible, { pattern: AMOUNT }),
    text('CuotaRepercutida', detail.cuotaRepercutida, { pattern: AMOUNT }))))
}

function altaXml(input: VerifactuAltaXmlInput): string {
  const { record } = input
  return root('RegistroAlta',
    text('IDVersion', '1.0'),
    group('IDFactura',
      text('IDEmisorFactura', record.idEmisorFactura, { max: 9 }),
      text('NumSerieFactura', record.numSerieFactura, { max: 60 }),
      text('FechaExpedicionFactura', record.fechaExpedicionFactura, { pattern: DATE })),
    text('NombreRazonEmisor', input.nombreRazonEmisor, { max: 120 }),
    text('TipoFactura', record.tipoFactura, { pattern: /^(F[1-3]|R[1-5])$/ }),
    ...rectificativaElements(record.tipoFactura, input.rectificativa),
    text('DescripcionOperacion', input.descripcionOperacion, { max: 500 }),
    ...destinatariosElements(input.destinatarios),
    desgloseElement(input.desglose),
    text('CuotaTotal', record.cuotaTotal, { pattern: AMOUNT }),
    text('ImporteTotal', record.importeTotal, { pattern: AMOUNT }),
    encadenamiento(record.huellaAnterior, input.previous),
    sistemaInformatico(input.sistemaInformatico),
    text('FechaHoraHusoGenRegistro', record.fechaHoraHusoGenRegistro, { pattern: TIMESTAMP }),
    ...huellaElements(verifactuHash(record)))
}

function anulacionXml(input: VerifactuAnulacionXmlInput): string {
  const { record } = input
  return root('RegistroAnulacion',
    text('IDVersion', '1.0'),
    group('IDFactura',
      text('IDEmisorFacturaAnulada', record.idEmisorFacturaAnulada, { max: 9 }),
      text('NumSerieFacturaAnulada', record.numSerieFacturaAnulada, { max: 60 }),
      text('FechaExpedicionFacturaAnulada', record.fechaExpedicionFacturaAnulada, { pattern: DATE })),
    encadenamiento(record.huellaAnterior, input.previous),
    sistemaInformatico(input.sistemaInformatico),
    text('FechaHoraHusoGenRegistro', record.fechaHoraHusoGenRegistro, { pattern: TIMESTAMP }),
    ...huellaElements(verifactuHash(record)))
}

/**
 * The record's XML element, its Huella computed from `record`. Throws a RangeError for a value
 * the AEAT would reject by format or that XML cannot carry, and when `previous` does not match
 * the record's `huellaAnterior`.
 */
export function verifactuRecordXml(input: VerifactuAltaXmlInput | VerifactuAnulacionXmlInput): string {
  return input.record.kind === 'alta' ? altaXml(input as VerifactuAltaXmlInput) : anulacionXml(input as VerifactuAnulacionXmlInput)
}
