import { describe, expect, it } from 'vitest'
import { alta1, alta2, anulacion3, HUELLA_1, HUELLA_2 } from './test-records'
import { verifactuHash } from './verifactu-hash'
import { VERIFACTU_SUMINISTRO_INFORMACION_NS, verifactuRecordXml, type VerifactuAltaXmlInput, type VerifactuSistemaInformatico } from './verifactu-record-xml'

interface XmlElement { name: string, attributes: Record<string, string>, children: XmlElement[], text: string }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'' }
const unescape = (text: string) => text.replace(/&(#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) =>
  entity.startsWith('#') ? String.fromCodePoint(Number(entity.slice(1))) : ENTITIES[entity]!)

/** Just enough of an XML parser to prove the output well-formed: tags must nest and close, text must be escaped. */
function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = []
  let rootElement: XmlElement | undefined
  const token = /<(\/?)([\w:]+)((?:\s+[\w:]+="[^"<&]*")*)\s*>|([^<]+)/gy
  let match: RegExpExecArray | null
  let consumed = 0
  while ((match = token.exec(xml))) {
    consumed = token.lastIndex
    const [, closing, name, attributes, text] = match
    if (text !== undefined) {
      if (!stack.length || /[<>]|&(?!(?:#\d+|amp|lt|gt|quot|apos);)/.test(text)) throw new Error(`Bad text '${text}'`)
      stack.at(-1)!.text += unescape(text)
    }
    else if (closing) {
      if (stack.pop()?.name !== name) throw new Error(`Unbalanced </${name}>`)
    }
    else {
      const element: XmlElement = { name: name!, attributes: Object.fromEntries([...attributes!.matchAll(/([\w:]+)="([^"]*)"/g)].map(([, key, value]) => [key!, value!])), children: [], text: '' }
      if (stack.length) stack.at(-1)!.children.push(element)
      else if (rootElement) throw new Error('Two root elements')
      else rootElement = element
      stack.push(element)
    }
  }
  if (consumed !== xml.length || stack.length || !rootElement) throw new Error(`Not well-formed at ${consumed}`)
  return rootElement
}

const names = (element: XmlElement) => element.children.map(child => child.name.replace(/^sum1:/, ''))
const child = (element: XmlElement, name: string) => element.children.find(found => found.name === `sum1:${name}`)!

const sistema: VerifactuSistemaInformatico = {
  nombreRazon: 'Flectar SL', nif: 'B12345678', nombreSistemaInformatico: 'Flectar Base', idSistemaInformatico: 'FB', version: '1.0.0', numeroInstalacion: '1',
}

const altaInput = (overrides: Partial<VerifactuAltaXmlInput> = {}): VerifactuAltaXmlInput => ({
  record: alta2,
  nombreRazonEmisor: 'Peluquería Ana & Co <Madrid>',
  descripcionOperacion: 'Corte y peinado',
  destinatarios: [{ nif: '12345678Z', nombreRazon: 'Luis Pérez' }],
  desglose: [
    { tipoImpositivo: '21.00', baseImponible: '50.00', cuotaRepercutida: '10.50' },
    { tipoImpositivo: '10.00', baseImponible: '18.50', cuotaRepercutida: '1.85' },
  ],
  previous: { idEmisorFactura: '89890001K', numSerieFactura: '12345678/G33', fechaExpedicionFactura: '01-01-2024', huella: HUELLA_1 },
  sistemaInformatico: sistema,
  ...overrides,
})

describe('verifactuRecordXml: registro de alta', () => {
  it('writes the elements in XSD order with the hashed strings and the computed Huella', () => {
    const alta = parseXml(verifactuRecordXml(altaInput()))
    expect(alta.name).toBe('sum1:RegistroAlta')
    expect(alta.attributes['xmlns:sum1']).toBe(VERIFACTU_SUMINISTRO_INFORMACION_NS)
    expect(names(alta)).toEqual([
      'IDVersion', 'IDFactura', 'NombreRazonEmisor', 'TipoFactura', 'DescripcionOperacion', 'Destinatarios', 'Desglose',
      'CuotaTotal', 'ImporteTotal', 'Encadenamiento', 'SistemaInformatico', 'FechaHoraHusoGenRegistro', 'TipoHuella', 'Huella',
    ])
    expect(child(alta, 'IDVersion').text).toBe('1.0')
    expect(names(child(alta, 'IDFactura'))).toEqual(['IDEmisorFactura', 'NumSerieFactura', 'FechaExpedicionFactura'])
    expect(child(child(alta, 'IDFactura'), 'NumSerieFactura').text).toBe('12345679/G34')
    expect(child(alta, 'CuotaTotal').text).toBe('12.35')
    expect(child(alta, 'ImporteTotal').text).toBe('123.45')
    expect(child(alta, 'FechaHoraHusoGenRegistro').text).toBe('2024-01-01T19:20:35+01:00')
    expect(child(alta, 'TipoHuella').text).toBe('01')
    expect(child(alta, 'Huella').text).toBe(HUELLA_2)
  })

  it('escapes &, < and > and reads back the original text', () => {
    const xml = verifactuRecordXml(altaInput({ descripcionOperacion: 'a < b && c > d' }))
    expect(xml).toContain('<sum1:NombreRazonEmisor>Peluquería Ana &amp; Co &lt;Madrid&gt;</sum1:NombreRazonEmisor>')
    const alta = parseXml(xml)
    expect(child(alta, 'NombreRazonEmisor').text).toBe('Peluquería Ana & Co <Madrid>')
    expect(child(alta, 'DescripcionOperacion').text).toBe('a < b && c > d')
  })

  it('writes one DetalleDesglose per rate, the recipient and the chain link', () => {
    const alta = parseXml(verifactuRecordXml(altaInput()))
    const details = child(alta, 'Desglose').children
    expect(details).toHaveLength(2)
    expect(names(details[0]!)).toEqual(['Impuesto', 'ClaveRegimen', 'CalificacionOperacion', 'TipoImpositivo', 'BaseImponibleOimporteNoSujeto', 'CuotaRepercutida'])
    expect(details.map(detail => child(detail, 'TipoImpositivo').text)).toEqual(['21.00', '10.00'])
    expect(details.map(detail => [child(detail, 'Impuesto').text, child(detail, 'ClaveRegimen').text, child(detail, 'CalificacionOperacion').text])).toEqual([['01', '01', 'S1'], ['01', '01', 'S1']])
    const destinatario = child(child(alta, 'Destinatarios'), 'IDDestinatario')
    expect(names(destinatario)).toEqual(['NombreRazon', 'NIF'])
    const anterior = child(child(alta, 'Encadenamiento'), 'RegistroAnterior')
    expect(names(anterior)).toEqual(['IDEmisorFactura', 'NumSerieFactura', 'FechaExpedicionFactura', 'Huella'])
    expect(child(anterior, 'Huella').text).toBe(HUELLA_1)
    const system = child(alta, 'SistemaInformatico')
    expect(names(system)).toEqual(['NombreRazon', 'NIF', 'NombreSistemaInformatico', 'IdSistemaInformatico', 'Version', 'NumeroInstalacion', 'TipoUsoPosibleSoloVerifactu', 'TipoUsoPosibleMultiOT', 'IndicadorMultiplesOT'])
    expect(system.children.slice(-3).map(flag => flag.text)).toEqual(['S', 'N', 'N'])
  })

  it('marks the first record PrimerRegistro and leaves out an absent recipient', () => {
    const alta = parseXml(verifactuRecordXml(altaInput({ record: alta1, previous: null, destinatarios: [] })))
    expect(names(child(alta, 'Encadenamiento'))).toEqual(['PrimerRegistro'])
    expect(child(child(alta, 'Encadenamiento'), 'PrimerRegistro').text).toBe('S')
    expect(names(alta)).not.toContain('Destinatarios')
    expect(child(alta, 'Huella').text).toBe(HUELLA_1)
  })

  it('writes a corrective invoice with its type and the invoices it corrects', () => {
    const record = { ...alta2, tipoFactura: 'R1', cuotaTotal: '-12.35', importeTotal: '-123.45' }
    const corrected = { idEmisorFactura: '89890001K', numSerieFactura: '12345678/G33', fechaExpedicionFactura: '01-01-2024' }
    const alta = parseXml(verifactuRecordXml(altaInput({ record, rectificativa: { tipo: 'I', facturas: [corrected] } })))
    expect(names(alta).slice(3, 6)).toEqual(['TipoFactura', 'TipoRectificativa', 'FacturasRectificadas'])
    expect(child(alta, 'TipoRectificativa').text).toBe('I')
    expect(names(child(child(alta, 'FacturasRectificadas'), 'IDFacturaRectificada'))).toEqual(['IDEmisorFactura', 'NumSerieFactura', 'FechaExpedicionFactura'])
    expect(child(alta, 'Huella').text).toBe(verifactuHash(record))

    const substitution = parseXml(verifactuRecordXml(altaInput({ record, rectificativa: { tipo: 'S', facturas: [corrected], baseRectificada: '100.00', cuotaRectificada: '21.00' } })))
    expect(names(substitution).slice(4, 7)).toEqual(['TipoRectificativa', 'FacturasRectificadas', 'ImporteRectificacion'])
    expect(names(child(substitution, 'ImporteRectificacion'))).toEqual(['BaseRectificada', 'CuotaRectificada'])
  })

  it('writes hashed values trimmed, as the huella reads them', () => {
    const padded = { ...alta2, numSerieFactura: ' 12345679/G34 ' }
    const alta = parseXml(verifactuRecordXml(altaInput({ record: padded })))
    expect(child(child(alta, 'IDFactura'), 'NumSerieFactura').text).toBe('12345679/G34')
    expect(child(alta, 'Huella').text).toBe(HUELLA_2)
  })

  it('refuses input the AEAT or XML would reject', () => {
    expect(() => verifactuRecordXml(altaInput({ previous: null }))).toThrow(RangeError)
    expect(() => verifactuRecordXml(altaInput({ previous: { ...altaInput().previous!, huella: HUELLA_2 } }))).toThrow(RangeError)
    expect(() => verifactuRecordXml(altaInput({ record: { ...alta2, tipoFactura: 'R1' } }))).toThrow(/corrects/)
    expect(() => verifactuRecordXml(altaInput({ desglose: [] }))).toThrow(RangeError)
    expect(() => verifactuRecordXml(altaInput({ record: { ...alta2, importeTotal: '123,45' } }))).toThrow(RangeError)
    expect(() => verifactuRecordXml(altaInput({ nombreRazonEmisor: 'x'.repeat(121) }))).toThrow(RangeError)
    expect(() => verifactuRecordXml(altaInput({ descripcionOperacion: 'bell \u0007' }))).toThrow(RangeError)
    expect(() => verifactuRecordXml(altaInput({ descripcionOperacion: '  ' }))).toThrow(RangeError)
  })
})

describe('verifactuRecordXml: registro de anulación', () => {
  it('writes the anulación in XSD order, chained to the alta it follows', () => {
    const xml = verifactuRecordXml({
      record: anulacion3,
      previous: { idEmisorFactura: '89890001K', numSerieFactura: '12345679/G34', fechaExpedicionFactura: '01-01-2024', huella: HUELLA_2 },
      sistemaInformatico: sistema,
    })
    const anulacion = parseXml(xml)
    expect(anulacion.name).toBe('sum1:RegistroAnulacion')
    expect(names(anulacion)).toEqual(['IDVersion', 'IDFactura', 'Encadenamiento', 'SistemaInformatico', 'FechaHoraHusoGenRegistro', 'TipoHuella', 'Huella'])
    expect(names(child(anulacion, 'IDFactura'))).toEqual(['IDEmisorFacturaAnulada', 'NumSerieFacturaAnulada', 'FechaExpedicionFacturaAnulada'])
    expect(child(child(child(anulacion, 'Encadenamiento'), 'RegistroAnterior'), 'Huella').text).toBe(HUELLA_2)
    expect(child(anulacion, 'Huella').text).toBe(verifactuHash(anulacion3))
  })
})
