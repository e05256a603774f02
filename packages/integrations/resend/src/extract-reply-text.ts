// "On <date>, <name> wrote:" and its translations, as Gmail, Apple Mail and Thunderbird write it.
// Gmail folds a long one over two lines, so the test also runs on a line joined with the next.
const ATTRIBUTION = /^(?:On|El|Le|Am|Il|Em|Op)\s.*(?:wrote|escribió|escribio|va escriure|a écrit|schrieb|ha scritto|escreveu|schreef)[^:\n]{0,80}:\s*$/i
// Outlook and older clients: a banner line, then the original's headers.
const ORIGINAL_MESSAGE = /^-{2,}\s*(?:Original Message|Mensaje original|Missatge original|Message d'origine|Ursprüngliche Nachricht|Forwarded message|Mensaje reenviado)\s*-{2,}\s*$/i
const UNDERSCORE_RULE = /^_{10,}\s*$/
const HEADER_FROM = /^\*?(?:From|De|Von|Da):\*?\s/i
const HEADER_SENT = /^\*?(?:Sent|Date|Enviado|Fecha|Envoyé|Gesendet|Data|Inviato):\*?\s/i

/**
 * The new part of a reply: the text above the quoted history. Cuts at the first attribution line
 * (`On … wrote:`, `El … escribió:`), `-----Original Message-----` banner, or Outlook header block
 * (`From:` followed by `Sent:`/`Date:`, with or without an underscore rule above it), and drops
 * any remaining `>` quoted lines. May be '' when the whole email was quoted history.
 */
export function extractReplyText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const kept: string[] = []
  for (let index = 0; index < lines.length; index += 1) {
    if (startsHistory(lines, index)) break
    const line = lines[index]!
    if (!line.trimStart().startsWith('>')) kept.push(line.trimEnd())
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim()
}

function startsHistory(lines: string[], index: number): boolean {
  const line = lines[index]!.trim()
  const next = lines[index + 1]?.trim() ?? ''
  if (ATTRIBUTION.test(line) || ORIGINAL_MESSAGE.test(line)) return true
  if (/^(?:On|El|Le|Am|Il|Em|Op)\s/i.test(line) && next !== '' && ATTRIBUTION.test(`${line} ${next}`)) return true
  if (UNDERSCORE_RULE.test(line) && HEADER_FROM.test(next)) return true
  if (HEADER_FROM.test(line)) {
    // Outlook's block: From:, then Sent:/Date: within the next few lines (To:/Cc: may sit between).
    return lines.slice(index + 1, index + 4).some(candidate => HEADER_SENT.test(candidate.trim()))
  }
  return false
}
