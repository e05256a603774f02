import type { AnyExtension } from '@tiptap/core'
import Link from '@tiptap/extension-link'
import StarterKit from '@tiptap/starter-kit'
import { isSafeLinkUrl, richTextLinkAttributes } from '@flectar/blocks'

/**
 * What the page editor's rich-text field may write: exactly the server's allow-list
 * (`sanitizeRichText` in @flectar/blocks: p, h2–h4, strong, em, a, ul, ol, li, blockquote, br),
 * so the HTML it produces is stored unchanged. UEditor runs with `starter-kit="false"`, which
 * keeps only the document, paragraph, text, hard break and undo history, and without its
 * image, mention, code and horizontal-rule extensions; this kit adds the rest. Pasted HTML is
 * parsed into these nodes and marks only, and the server cleans it again anyway.
 */
export function richTextExtensions(): AnyExtension[] {
  return [
    // Renamed: UEditor's own StarterKit (the plain-text part) is registered as `starterKit`.
    StarterKit.extend({ name: 'siteRichText' }).configure({
      document: false,
      paragraph: false,
      text: false,
      hardBreak: false,
      undoRedo: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      strike: false,
      underline: false,
      link: false,
      // It would append an empty paragraph after a closing list or heading: a change nobody made.
      trailingNode: false,
      heading: { levels: [2, 3, 4] },
      dropcursor: { color: 'var(--ui-primary)', width: 2 },
    }),
    siteLink,
  ]
}

/**
 * Links with the site's link rules: a `href` that link fields would accept, `target` only as
 * `_blank`, known `rel` tokens; written in the order and form the sanitizer writes them.
 */
const siteLink = Link.extend({
  addAttributes() {
    return {
      href: { default: null, parseHTML: element => element.getAttribute('href') },
      target: { default: null, parseHTML: element => (element.getAttribute('target') === '_blank' ? '_blank' : null) },
      rel: { default: null, parseHTML: element => element.getAttribute('rel') },
    }
  },
  renderHTML({ mark }) {
    const attributes = richTextLinkAttributes(mark.attrs as { href?: string, target?: string, rel?: string })
    return ['a', attributes ?? {}, 0]
  },
}).configure({
  openOnClick: false,
  autolink: true,
  defaultProtocol: 'https',
  protocols: ['mailto', 'tel'],
  isAllowedUri: url => isSafeLinkUrl(url.trim()),
  HTMLAttributes: { target: null, rel: null, class: null },
})
