/** A link in the body: an anchor in the HTML, `label: url` in the text part. http(s) only. */
export interface EmailLink {
  label: string
  url: string
}

/**
 * Plain text (a `\n` inside one becomes a line break), or text followed by links, each on
 * its own line (calendar links, a sender's details).
 */
export type EmailParagraph = string | { text: string, links: EmailLink[] }

export interface RenderEmailInput {
  /** The preview line mail apps show after the subject; hidden in the body. */
  preheader?: string
  heading: string
  paragraphs: EmailParagraph[]
  /** One call to action: a button, with the link also written out. http(s) only. */
  action?: { label: string, url: string }
  /** Small print under the message: why they got it, what to do if it was not them. */
  footer?: string
  brandName?: string
  /** The `lang` of the HTML document (default `en`). */
  lang?: string
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }

/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, character => ESCAPES[character]!)
}

/** The URL, trimmed, if it is an absolute http(s) URL; throws otherwise. */
function safeUrl(url: string): string {
  const trimmed = url.trim()
  let parsed: URL
  try {
    parsed = new URL(trimmed)
  }
  catch {
    throw new Error('renderEmail: every link must be an absolute http(s) URL')
  }
  const hasControlOrSpace = /\s/.test(trimmed) || [...trimmed].some(character => character.charCodeAt(0) < 32 || character.charCodeAt(0) === 127)
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || hasControlOrSpace) {
    throw new Error('renderEmail: every link must be an absolute http(s) URL')
  }
  return trimmed
}

const FONT = 'font-family:-apple-system,BlinkMacSystemFont,\'Segoe UI\',Roboto,Helvetica,Arial,sans-serif'
const TEXT_COLOR = '#1f2937'
const MUTED = '#6b7280'
const ACCENT = '#1d4ed8'
/** The widest the card gets; below it, the full width of the screen. */
export const EMAIL_MAX_WIDTH = 600
// A long URL, address or word wraps instead of widening the card (a phone would scroll sideways).
const WRAP = 'overflow-wrap:anywhere;word-break:break-word'

function multiline(value: string): string {
  return escapeHtml(value).replace(/\r?\n/g, '<br>')
}

interface Paragraph { text: string, links: EmailLink[] }

function paragraphOf(paragraph: EmailParagraph): Paragraph {
  const { text, links } = typeof paragraph === 'string' ? { text: paragraph, links: [] } : paragraph
  return { text: text.trim(), links: links.map(link => ({ label: link.label.trim(), url: safeUrl(link.url) })) }
}

function anchor(link: EmailLink, style: string): string {
  return `<a href="${escapeHtml(link.url)}" target="_blank" rel="noopener" style="${style}">${escapeHtml(link.label)}</a>`
}

const linkStyle = `color:${ACCENT};text-decoration:underline;${WRAP}`

function paragraphHtml({ text, links }: Paragraph): string {
  const lines = [text ? multiline(text) : '', ...links.map(link => anchor(link, `${linkStyle};font-weight:600`))].filter(Boolean)
  return `<tr><td style="padding:0 0 16px;${WRAP}"><p style="margin:0;${FONT};font-size:16px;line-height:1.6;color:${TEXT_COLOR};${WRAP}">${lines.join('<br>')}</p></td></tr>`
}

function paragraphText({ text, links }: Paragraph): string {
  return [text, ...links.map(link => `${link.label}: ${link.url}`)].filter(Boolean).join('\n')
}

/**
 * A plain, branded transactional email: one column, fluid up to 600 px (the full width of a
 * phone below that: no fixed widths, and long URLs wrap), inline styles, no images and no
 * remote resources, plus the plain-text part, where every link is written out. Every piece of
 * text is HTML-escaped.
 */
export function renderEmail(input: RenderEmailInput): { html: string, text: string } {
  const brandName = input.brandName?.trim() || 'Flectar Base'
  const lang = input.lang && /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(input.lang) ? input.lang : 'en'
  const url = input.action ? safeUrl(input.action.url) : undefined
  const paragraphs = input.paragraphs.map(paragraphOf).filter(paragraph => paragraph.text !== '' || paragraph.links.length > 0)

  const rows: string[] = []
  rows.push(`<tr><td style="padding:0 0 24px;${FONT};font-size:14px;font-weight:600;letter-spacing:0.02em;color:${MUTED};${WRAP}">${escapeHtml(brandName)}</td></tr>`)
  rows.push(`<tr><td style="padding:0 0 16px;${WRAP}"><h1 style="margin:0;${FONT};font-size:22px;line-height:1.3;font-weight:700;color:${TEXT_COLOR};${WRAP}">${escapeHtml(input.heading)}</h1></td></tr>`)
  rows.push(...paragraphs.map(paragraphHtml))
  if (input.action && url) {
    const action = { label: input.action.label, url }
    rows.push(
      '<tr><td style="padding:8px 0 16px">'
      + '<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="max-width:100%"><tr>'
      + `<td style="border-radius:6px;background-color:${ACCENT}">`
      + anchor(action, `display:inline-block;padding:12px 24px;${FONT};font-size:16px;font-weight:600;line-height:1.2;color:#ffffff;text-decoration:none;border-radius:6px;${WRAP}`)
      + '</td></tr></table></td></tr>',
      `<tr><td style="padding:0 0 16px;${FONT};font-size:13px;line-height:1.5;color:${MUTED};word-break:break-all">`
      + `${anchor({ label: url, url }, `color:${ACCENT};text-decoration:underline;word-break:break-all`)}</td></tr>`,
    )
  }
  if (input.footer?.trim()) {
    rows.push(`<tr><td style="padding:16px 0 0;border-top:1px solid #e5e7eb;${FONT};font-size:13px;line-height:1.5;color:${MUTED};${WRAP}">${multiline(input.footer.trim())}</td></tr>`)
  }

  const preheader = input.preheader?.trim()
    ? `<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;font-size:1px;line-height:1px;color:#ffffff">${escapeHtml(input.preheader.trim())}</div>`
    : ''

  // `table-layout:fixed` with `width:100%` sizes the card by the screen, never by its content.
  const fluidTable = (style: string) => `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;${style}">`
  const html = '<!DOCTYPE html>'
    + `<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">`
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + '<meta name="x-apple-disable-message-reformatting">'
    + '<meta name="color-scheme" content="light"><meta name="supported-color-schemes" content="light">'
    + `<title>${escapeHtml(input.heading)}</title></head>`
    + '<body style="margin:0;padding:0;width:100%;background-color:#f3f4f6">'
    + preheader
    + fluidTable('background-color:#f3f4f6')
    + '<tr><td align="center" style="padding:24px 12px">'
    + fluidTable(`max-width:${EMAIL_MAX_WIDTH}px;margin:0 auto;table-layout:fixed;background-color:#ffffff;border-radius:8px`)
    + `<tr><td style="padding:28px 24px;${WRAP}">`
    + fluidTable('table-layout:fixed')
    + rows.join('')
    + '</table></td></tr></table></td></tr></table></body></html>'

  const textParts = [input.heading.trim(), ...paragraphs.map(paragraphText)]
  if (input.action && url) textParts.push(`${input.action.label.trim()}:\n${url}`)
  textParts.push(['--', input.footer?.trim(), brandName].filter(Boolean).join('\n'))
  const text = `${textParts.join('\n\n')}\n`

  return { html, text }
}
