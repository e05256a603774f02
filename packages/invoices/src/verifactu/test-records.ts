import type { VerifactuAltaRecord, VerifactuAnulacionRecord } from './verifactu-hash'

// The AEAT's worked chain (huella spec §6): two altas and the anulación of the second.

export const HUELLA_1 = '3C464DAF61ACB827C65FDA19F352A4E3BDC2C640E9E9FC4CC058073F38F12F60'
export const HUELLA_2 = 'F7B94CFD8924EDFF273501B01EE5153E4CE8F259766F88CF6ACB8935802A2B97'

export const alta1: VerifactuAltaRecord = {
  kind: 'alta',
  idEmisorFactura: '89890001K',
  numSerieFactura: '12345678/G33',
  fechaExpedicionFactura: '01-01-2024',
  tipoFactura: 'F1',
  cuotaTotal: '12.35',
  importeTotal: '123.45',
  huellaAnterior: '',
  fechaHoraHusoGenRegistro: '2024-01-01T19:20:30+01:00',
}

export const alta2: VerifactuAltaRecord = {
  ...alta1,
  numSerieFactura: '12345679/G34',
  huellaAnterior: HUELLA_1,
  fechaHoraHusoGenRegistro: '2024-01-01T19:20:35+01:00',
}

export const anulacion3: VerifactuAnulacionRecord = {
  kind: 'anulacion',
  idEmisorFacturaAnulada: '89890001K',
  numSerieFacturaAnulada: '12345679/G34',
  fechaExpedicionFacturaAnulada: '01-01-2024',
  huellaAnterior: HUELLA_2,
  fechaHoraHusoGenRegistro: '2024-01-01T19:20:40+01:00',
}
