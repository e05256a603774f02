export { verifactuHash, verifactuHashInput, type VerifactuAltaRecord, type VerifactuAnulacionRecord, type VerifactuRecord } from './verifactu-hash'
export { verifactuAmount, verifactuDate, verifactuTimestamp } from './verifactu-format'
export {
  VERIFACTU_QR_BASE_URLS, VERIFACTU_QR_LEGEND, VERIFACTU_QR_SHORT_LEGEND, verifactuQrUrl,
  type VerifactuEnvironment, type VerifactuQrInput,
} from './verifactu-qr-url'
export { verifyVerifactuChain, type StoredVerifactuChainRecord, type VerifactuChainBreak, type VerifactuChainResult } from './verify-verifactu-chain'
export {
  VERIFACTU_SUMINISTRO_INFORMACION_NS, verifactuRecordXml,
  type VerifactuAltaXmlInput, type VerifactuAnulacionXmlInput, type VerifactuInvoiceId, type VerifactuPreviousRecord,
  type VerifactuRectificativa, type VerifactuSistemaInformatico, type VerifactuTaxDetail,
} from './verifactu-record-xml'
