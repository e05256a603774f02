import { escapeHtml } from './escape-html'

export interface ConsentFrameOptions {
  /** The third-party page the frame opens on the visitor's click (https only). */
  url: string
  /** The button's text, e.g. "Play video". */
  buttonLabel: string
  /** The line telling the visitor which provider gets their data once loaded. */
  notice: string
  /** Dark for videos, light for maps. */
  tone: 'dark' | 'light'
}

/**
 * The `srcdoc` of a click-to-load frame: a tiny local page holding only a link that
 * navigates the frame itself to the provider. Nothing third-party is fetched before the
 * click, and no script is needed. The result is raw HTML: bind it as an attribute (which
 * escapes it once more), never with v-html.
 */
export function consentFrameSrcdoc(options: ConsentFrameOptions): string {
  if (!/^https:\/\//.test(options.url)) throw new Error('A consent frame only opens https:// URLs')
  const [background, text, buttonBackground, buttonText] = options.tone === 'dark'
    ? ['#111827', '#f9fafb', '#f9fafb', '#111827']
    : ['#eef2f3', '#1f2937', '#1f2937', '#ffffff']
  const style = [
    `html,body{height:100%;margin:0}`,
    `body{display:flex;flex-direction:column;align-items:center;justify-content:center;gap:.75rem;padding:1rem;box-sizing:border-box;`
    + `background:${background};color:${text};font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:center}`,
    `a{display:inline-flex;align-items:center;gap:.5rem;padding:.7rem 1.3rem;border-radius:999px;background:${buttonBackground};color:${buttonText};font-weight:600;text-decoration:none}`,
    `a:focus-visible{outline:3px solid ${buttonBackground};outline-offset:3px}`,
    `p{margin:0;max-width:32rem;font-size:13px;opacity:.85}`,
  ].join('')
  return '<!doctype html><html><head><meta charset="utf-8">'
    + `<meta name="referrer" content="strict-origin-when-cross-origin"><style>${style}</style></head><body>`
    + `<a href="${escapeHtml(options.url)}" target="_self">${options.tone === 'dark' ? '<span aria-hidden="true">▶</span>' : ''}${escapeHtml(options.buttonLabel)}</a>`
    + `<p>${escapeHtml(options.notice)}</p></body></html>`
}
