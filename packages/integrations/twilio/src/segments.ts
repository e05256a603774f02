// GSM 03.38: the basic set costs one septet per character, the extension set two (escape + char).
const GSM_BASIC = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà')
const GSM_EXTENSION = new Set('^{}\\[~]|€\f')

/**
 * How many SMS segments a body takes: 160 GSM-7 septets (153 per part when split) or, with any
 * other character, 70 UCS-2 units (67 per part). Twilio's Smart Encoding and its exact splitting
 * around escape pairs are not modelled; this is for the fake's num_segments.
 */
export function countSmsSegments(body: string): number {
  let septets = 0
  for (const char of body) {
    if (GSM_BASIC.has(char)) septets += 1
    else if (GSM_EXTENSION.has(char)) septets += 2
    else return body.length <= 70 ? 1 : Math.ceil(body.length / 67)
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153)
}
