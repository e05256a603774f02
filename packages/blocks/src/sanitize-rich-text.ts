import sanitizeHtml from 'sanitize-html'
import { isSafeLinkUrl } from './fields/url'

/** The rich-text allow-list. Everything else is dropped; text is kept unless listed in DROPPED_WITH_CONTENT. */
const ALLOWED_TAGS = ['p', 'h2', 'h3', 'h4', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'blockquote', 'br']
/** Pasted markup is mapped onto the allowed tags instead of losing its meaning. */
const TAG_ALIASES = { b: 'strong', i: 'em', h1: 'h2', h5: 'h4', h6: 'h4' }
/**
 * Dropped together with everything inside them: what browsers read as raw text or never
 * render as content (scripts, styles, frames, form fields), and foreign or embedded content
 * (SVG, MathML, templates, media), where namespace tricks live.
 */
const DROPPED_WITH_CONTENT = [
  'script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext',
  'template', 'svg', 'math', 'object', 'applet', 'select', 'option', 'head', 'video', 'audio', 'canvas',
]
const ALLOWED_REL = new Set(['nofollow', 'noopener', 'noreferrer', 'ugc', 'sponsored'])

/**
 * The attributes a rich-text link keeps, in the order they are written: a `href` that passes the
 * site's link rules (the same as link fields), `target` only when it is `_blank` (with
 * `noopener noreferrer` added) and the known `rel` tokens, sorted. Undefined when the `href` is
 * missing or refused: the link then loses its tag but keeps its text. The page editor's link
 * mark writes its attributes with this too, so what it produces is what is stored.
 */
export function richTextLinkAttributes(attributes: { href?: string | null, target?: string | null, rel?: string | null }): { href: string, target?: '_blank', rel?: string } | undefined {
  // htmlparser2 (and the browser, in the editor) has already decoded character references.
  const href = attributes.href?.trim()
  if (!href || !isSafeLinkUrl(href)) return undefined
  const link: { href: string, target?: '_blank', rel?: string } = { href }
  const rel = new Set((attributes.rel ?? '').toLowerCase().split(/\s+/).filter(token => ALLOWED_REL.has(token)))
  if (attributes.target?.trim().toLowerCase() === '_blank') {
    link.target = '_blank'
    rel.add('noopener').add('noreferrer')
  }
  if (rel.size > 0) link.rel = [...rel].sort().join(' ')
  return link
}

function cleanLink(tagName: string, attributes: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  return { tagName, attribs: richTextLinkAttributes(attributes) ?? {} }
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'target', 'rel'] },
  // A second line behind isSafeLinkUrl: sanitize-html's own scheme check, with no `//host`.
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  selfClosing: ['br'],
  nonTextTags: DROPPED_WITH_CONTENT,
  disallowedTagsMode: 'discard',
  // No style attribute is allowed, so postcss never needs to run.
  parseStyleAttributes: false,
  transformTags: { ...TAG_ALIASES, a: cleanLink },
  exclusiveFilter: frame => (frame.tag === 'a' && frame.attribs.href === undefined ? 'excludeTag' : false),
}

/**
 * Rich text reduced to the allow-list above by sanitize-html: the input is parsed and a new
 * document is written from the parse, so only these tags, only a link's `href`/`rel`/`target`,
 * every text run re-escaped and every tag closed. The output is stable: cleaning it again
 * changes nothing.
 */
export function sanitizeRichText(input: string): string {
  // Null characters are removed first, so `<scr\0ipt>` is read as the script it spells.
  const once = sanitizeHtml(input.replaceAll('\0', ''), OPTIONS)
  // htmlparser2 decides implied end tags (a `<p>` ends where an `<h2>` starts) from every element it
  // saw, dropped ones included, so the first output can nest differently when it is read again.
  // The second pass reads only allowed tags, so what it writes reads back the same.
  const html = sanitizeHtml(once, OPTIONS)
  // sanitize-html writes `<br />`; `<br>` is what the editor and the stored pages already hold.
  return html.replaceAll('<br />', '<br>')
}
