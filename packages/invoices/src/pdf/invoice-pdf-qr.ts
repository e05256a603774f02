import type { ContentQr } from 'pdfmake/interfaces'

// pdfmake floors the module size to whole points, so `fit` alone can halve the code. We pick
// the version ourselves and draw 2-pt modules: version 8 (49 modules) is 98 pt = 34.6 mm,
// inside the 30–40 mm the AEAT asks for, and every real ValidarQR URL (< 152 bytes) fits it.
const MODULE_PT = 2
const MIN_VERSION = 8
// Byte-mode capacity at error correction M, versions 1–20 (ISO/IEC 18004, table 7).
const BYTE_CAPACITY_M = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666]

export function verifactuQrNode(url: string): ContentQr {
  const bytes = Buffer.byteLength(url, 'utf8')
  const fits = BYTE_CAPACITY_M.findIndex((capacity, index) => index + 1 >= MIN_VERSION && capacity >= bytes)
  if (fits === -1) return { qr: url, eccLevel: 'M', fit: 99 }
  const version = fits + 1
  return { qr: url, eccLevel: 'M', version, fit: (17 + 4 * version) * MODULE_PT }
}
