import { escapeHtml } from './escape-html'
import { isSafeLinkUrl } from './fields/url'

/**
 * An allow-list HTML sanitizer for rich text. It tokenizes the input the way browsers do
 * and writes a new document from scratch: only the tags below, only `href`/`rel`/`target`
 * on links, every text run re-escaped, every tag closed. Nothing from the input reaches
 * the output unless it was re-serialized here, so what we checked is what browsers parse.
 */
const ALLOWED_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'blockquote', 'br'])
/** Pasted markup is mapped onto the allowed tags instead of losing its meaning. */
const TAG_ALIASES: Record<string, string> = { b: 'strong', i: 'em', h1: 'h2', h5: 'h4', h6: 'h4' }
/** Their content is not markup (the parser reads it as raw text): skipped up to the end tag. */
const RAW_TEXT_TAGS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript'])
/** Dropped together with everything inside them. */
const DROPPED_SUBTREES = new Set(['template', 'svg', 'math', 'object', 'applet', 'select', 'head', 'video', 'audio', 'canvas'])
/** Starting one of these closes an open paragraph, as in HTML. */
const CLOSES_PARAGRAPH = new Set(['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'blockquote', 'li'])
const HEADINGS = new Set(['h2', 'h3', 'h4'])
const LIST_BOUNDARIES = new Set(['ul', 'ol', 'blockquote', 'h2', 'h3', 'h4'])
const ALLOWED_REL = new Set(['nofollow', 'noopener', 'noreferrer', 'ugc', 'sponsored'])
const WHITESPACE = new Set(['\t', '\n', '\f', '\r', ' '])

/** Named references decoded in attribute values; any other `&name;` makes the URL unusable. */
const NAMED_REFERENCES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'', nbsp: '\u00A0', colon: ':', sol: '/', tab: '\t', newline: '\n',
  lpar: '(', rpar: ')', num: '#', quest: '?', equals: '=', period: '.', comma: ',', percnt: '%', excl: '!',
  commat: '@', plus: '+', semi: ';', lowbar: '_', dollar: '$', ast: '*', midast: '*', hyphen: '-', dash: '-',
}

interface Attribute { name: string, value: string }
interface Tag { name: string, attributes: Attribute[], end: number }
interface OpenElement { name: string, emitted: boolean }

export function sanitizeRichText(input: string): string {
  const html = input.replaceAll('\0', '')
  const output: string[] = []
  const open: OpenElement[] = []
  /** Names of dropped subtrees we are inside; nothing is written while it is not empty. */
  const dropped: string[] = []

  const closeFrom = (index: number) => {
    while (open.length > index) {
      const element = open.pop()!
      if (element.emitted) output.push(`</${element.name}>`)
    }
  }
  const lastOpen = (name: string) => open.findLastIndex(element => element.name === name)

  const writeText = (text: string) => {
    if (dropped.length === 0 && text) output.push(escapeText(text))
  }

  const startTag = (rawName: string, attributes: Attribute[]) => {
    if (DROPPED_SUBTREES.has(rawName)) {
      dropped.push(rawName)
      return
    }
    if (dropped.length > 0) return
    const name = TAG_ALIASES[rawName] ?? rawName
    if (!ALLOWED_TAGS.has(name)) return
    if (name === 'br') {
      output.push('<br>')
      return
    }
    if (CLOSES_PARAGRAPH.has(name) && lastOpen('p') !== -1) closeFrom(lastOpen('p'))
    if (HEADINGS.has(name) && HEADINGS.has(open.at(-1)?.name ?? '')) closeFrom(open.length - 1)
    if (name === 'li') {
      for (let index = open.length - 1; index >= 0; index--) {
        if (open[index]!.name === 'li') {
          closeFrom(index)
          break
        }
        if (LIST_BOUNDARIES.has(open[index]!.name)) break
      }
    }
    if (name === 'a') {
      if (lastOpen('a') !== -1) closeFrom(lastOpen('a'))
      const link = linkAttributes(attributes)
      open.push({ name, emitted: link !== undefined })
      if (link !== undefined) output.push(`<a${link}>`)
      return
    }
    open.push({ name, emitted: true })
    output.push(`<${name}>`)
  }

  const endTag = (rawName: string) => {
    if (dropped.length > 0) {
      if (dropped.at(-1) === rawName) dropped.pop()
      return
    }
    const name = TAG_ALIASES[rawName] ?? rawName
    if (!ALLOWED_TAGS.has(name) || name === 'br') return
    const index = lastOpen(name)
    if (index !== -1) closeFrom(index)
  }

  let position = 0
  while (position < html.length) {
    const lt = html.indexOf('<', position)
    if (lt === -1) {
      writeText(html.slice(position))
      break
    }
    writeText(html.slice(position, lt))
    position = lt
    const next = html[position + 1] ?? ''

    if (html.startsWith('<!--', position)) {
      const end = html.indexOf('-->', position + 4)
      position = end === -1 ? html.length : end + 3
      continue
    }
    if (next === '!' || next === '?' || (next === '/' && !isAsciiLetter(html[position + 2] ?? ''))) {
      // Doctype, processing instruction, `</ x>`: the parser treats them as comments.
      const end = html.indexOf('>', position)
      position = end === -1 ? html.length : end + 1
      continue
    }
    const isEndTag = next === '/'
    const nameStart = position + (isEndTag ? 2 : 1)
    if (!isAsciiLetter(html[nameStart] ?? '')) {
      writeText('<')
      position += 1
      continue
    }
    const tag = readTag(html, nameStart)
    // A tag cut off by the end of the input is dropped, as browsers do.
    if (!tag) break
    position = tag.end
    if (isEndTag) {
      endTag(tag.name)
      continue
    }
    if (tag.name === 'plaintext') break
    if (RAW_TEXT_TAGS.has(tag.name)) {
      position = skipRawText(html, position, tag.name)
      continue
    }
    startTag(tag.name, tag.attributes)
  }
  closeFrom(0)
  return output.join('')
}

function isAsciiLetter(character: string): boolean {
  return /^[A-Z]$/i.test(character)
}

/** Text re-escaped: `<` and `>` always, `&` unless it starts a character reference. */
function escapeText(text: string): string {
  return text
    .replace(/&(?!(?:[A-Z][A-Z0-9]{0,31}|#\d{1,7}|#x[0-9A-F]{1,6});)/gi, '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
}

/** Reads a tag from its name to just past its `>`, following the HTML tokenizer's rules. */
function readTag(html: string, nameStart: number): Tag | undefined {
  let position = nameStart
  while (position < html.length && !WHITESPACE.has(html[position]!) && html[position] !== '/' && html[position] !== '>') position++
  const name = html.slice(nameStart, position).toLowerCase()
  const attributes: Attribute[] = []
  while (position < html.length) {
    const character = html[position]!
    if (WHITESPACE.has(character) || character === '/') {
      position++
      continue
    }
    if (character === '>') return { name, attributes, end: position + 1 }
    const attributeStart = position
    position++
    while (position < html.length && !WHITESPACE.has(html[position]!) && !['/', '>', '='].includes(html[position]!)) position++
    const attributeName = html.slice(attributeStart, position).toLowerCase()
    while (position < html.length && WHITESPACE.has(html[position]!)) position++
    let value = ''
    if (html[position] === '=') {
      position++
      while (position < html.length && WHITESPACE.has(html[position]!)) position++
      const quote = html[position]
      if (quote === '"' || quote === '\'') {
        const end = html.indexOf(quote, position + 1)
        if (end === -1) return undefined
        value = html.slice(position + 1, end)
        position = end + 1
      }
      else {
        const valueStart = position
        while (position < html.length && !WHITESPACE.has(html[position]!) && html[position] !== '>') position++
        value = html.slice(valueStart, position)
      }
    }
    // The first of duplicate attributes wins, as in browsers.
    if (!attributes.some(attribute => attribute.name === attributeName)) attributes.push({ name: attributeName, value })
  }
  return undefined
}

/** Position just past `</name>` (or the end of the input) for a raw-text element. */
function skipRawText(html: string, from: number, name: string): number {
  const lower = html.toLowerCase()
  let search = from
  while (true) {
    const index = lower.indexOf(`</${name}`, search)
    if (index === -1) return html.length
    const after = lower[index + name.length + 2] ?? ''
    if (after === '>' || after === '/' || WHITESPACE.has(after)) {
      const end = html.indexOf('>', index)
      return end === -1 ? html.length : end + 1
    }
    search = index + 1
  }
}

/** Decodes character references in an attribute value; undefined if one is unknown. */
function decodeAttribute(value: string): string | undefined {
  let unknown = false
  const decoded = value.replace(/&(?:#(\d+)|#x([0-9A-F]+)|([A-Z][A-Z0-9]*));?/gi, (match, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined || hex !== undefined) {
      const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16)
      const valid = code > 0 && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF)
      return valid ? String.fromCodePoint(code) : '\uFFFD'
    }
    // Legacy references without `;` are left as typed; the output escapes their `&`.
    if (!match.endsWith(';')) return match
    const character = NAMED_REFERENCES[name!.toLowerCase()]
    if (character === undefined) unknown = true
    return character ?? match
  })
  return unknown ? undefined : decoded
}

/** ` href="…" target="_blank" rel="…"` for a link, or undefined when its href is not allowed. */
function linkAttributes(attributes: Attribute[]): string | undefined {
  const rawHref = attributes.find(attribute => attribute.name === 'href')?.value
  const href = rawHref === undefined ? undefined : decodeAttribute(rawHref)?.trim()
  if (href === undefined || !isSafeLinkUrl(href)) return undefined

  const target = decodeAttribute(attributes.find(attribute => attribute.name === 'target')?.value ?? '')?.trim().toLowerCase()
  const rel = new Set((decodeAttribute(attributes.find(attribute => attribute.name === 'rel')?.value ?? '') ?? '')
    .toLowerCase().split(/\s+/).filter(token => ALLOWED_REL.has(token)))
  let result = ` href="${escapeHtml(href)}"`
  if (target === '_blank') {
    rel.add('noopener').add('noreferrer')
    result += ' target="_blank"'
  }
  if (rel.size > 0) result += ` rel="${[...rel].sort().join(' ')}"`
  return result
}
