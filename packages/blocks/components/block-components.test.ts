import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSSRApp, h, type Component } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { CONTACT_FORM_TURNSTILE_SITE_KEY } from '../src/blocks/contact-form'
import { blockDefinitions } from '../src/registry'
import { uiStrings } from '../src/ui-strings'
import { renderableBlocks } from '../src/validate-blocks'
import { createSfcLoader } from '../test/load-sfc'

const route = { path: '/contact', query: {} as Record<string, string> }
const loader = createSfcLoader({ '#imports': { useRoute: () => route } })
let BlockRenderer: Component

beforeAll(async () => {
  BlockRenderer = await loader.load(fileURLToPath(new URL('./BlockRenderer.vue', import.meta.url)))
})

async function render(blocks: unknown[], locale = 'en', pageTitle?: string): Promise<string> {
  // As the site does: stored blocks go through renderableBlocks once, then to the renderer.
  const html = await renderToString(createSSRApp({ render: () => h(BlockRenderer, { blocks: renderableBlocks(blocks).blocks, locale, pageTitle }) }))
  // Vue's fragment and v-if markers are noise for these assertions.
  return html.replace(/<!--(?:\[|\]|v-if)-->/g, '')
}

const ENTITIES: Record<string, string> = { '&quot;': '"', '&#39;': '\'', '&lt;': '<', '&gt;': '>', '&amp;': '&' }

/** Values of an attribute across the HTML, decoded once (as a browser would). */
function attributeValues(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))]
    .map(match => match[1]!.replace(/&(?:quot|#39|lt|gt|amp);/g, entity => ENTITIES[entity]!))
}

describe('block components', () => {
  it.each(blockDefinitions.map(definition => [definition.type, definition] as const))('%s renders its defaults as plain HTML', async (type, definition) => {
    const html = await render([{ id: 'b1', type, content: definition.defaults() }])
    expect(html).toMatch(/^<section id="block-b1" class="fb-block fb-block--[a-z-]+">/)
    expect(html.length).toBeGreaterThan(60)
    expect(html).not.toMatch(/<script|\son[a-z]+=|javascript:/i)
    // `alt` alone is how Vue writes alt="" (decorative images).
    for (const tag of html.match(/<img\b[^>]*>/g) ?? []) expect(tag).toMatch(/\salt[=\s>]/)
    // Nothing third-party is fetched on page load: every src stays on this site.
    for (const src of attributeValues(html, 'src')) expect(src).toMatch(/^\/(?!\/)/)
  })

  it('renders nothing for an unknown or broken block, and the rest of the page still renders', async () => {
    const html = await render([
      { id: 'old', type: 'marquee', content: { text: 'Sale' } },
      { id: 'bad', type: 'hero', content: { heading: '' } },
      { id: 'ok', type: 'hero', content: { heading: 'Still here' } },
    ])
    expect(html).not.toContain('block-old')
    expect(html).not.toContain('block-bad')
    expect(html).toContain('<h1 class="fb-hero__heading">Still here</h1>')
  })

  it('re-sanitizes stored rich text', async () => {
    const html = await render([{ id: 't', type: 'richText', content: { html: '<p>Hi</p><img src=x onerror=alert(1)><script>alert(2)</script>' } }])
    expect(html).toContain('<div class="fb-prose"><p>Hi</p></div>')
    expect(html).not.toMatch(/onerror|<script/)
  })

  it('gallery: a CSS-only lightbox of links and targets', async () => {
    const html = await render([{ id: 'pics', type: 'gallery', content: { items: [
      { image: { url: '/a.jpg', alt: 'Chair' } },
      { image: { url: '/b.jpg', alt: 'Table' }, caption: 'Oak table' },
    ] } }])
    expect(html).toContain('href="#lightbox-pics-1"')
    expect(html).toContain('id="lightbox-pics-2"')
    expect(html).toContain('href="#lightbox-pics-1" aria-label="Previous image"')
    expect(html).toContain('href="#block-pics" aria-label="Close"')
    expect(html).toContain('role="dialog" aria-label="Image 2 of 2"')
  })

  it('video: the player loads inside the frame only after a click, from youtube-nocookie', async () => {
    const html = await render([{ id: 'v', type: 'videoEmbed', content: { url: 'https://youtu.be/dQw4w9WgXcQ', title: 'Our studio' } }])
    expect(html).not.toMatch(/<iframe[^>]*\ssrc=/)
    const [srcdoc] = attributeValues(html, 'srcdoc')
    expect(srcdoc).toContain('<a href="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;rel=0" target="_self">')
    expect(srcdoc).toContain('loads it from YouTube, which will receive your IP address')
    expect(html).toContain('title="Our studio"')
    expect(html).toContain('href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener">Watch on YouTube</a>')
  })

  it('map: address and OpenStreetMap link; the interactive map only with coordinates and on click', async () => {
    const withoutCoordinates = await render([{ id: 'm', type: 'map', content: { address: 'Calle Mayor 1\nMadrid' } }])
    expect(withoutCoordinates).toContain('Calle Mayor 1<br>Madrid')
    expect(withoutCoordinates).toContain('href="https://www.openstreetmap.org/search?query=Calle%20Mayor%201%20Madrid"')
    expect(withoutCoordinates).not.toContain('<iframe')

    const withCoordinates = await render([{ id: 'm', type: 'map', content: { address: 'Calle Mayor 1', latitude: 40.4155, longitude: -3.7074 } }])
    const [srcdoc] = attributeValues(withCoordinates, 'srcdoc')
    expect(srcdoc).toContain('href="https://www.openstreetmap.org/export/embed.html?bbox=')
    expect(withCoordinates).not.toMatch(/<iframe[^>]*\ssrc=/)
    // Scripts may run in the frame, but never in a sandbox it could lift (allow-same-origin).
    expect(attributeValues(withCoordinates, 'sandbox')).toEqual(['allow-scripts allow-popups allow-popups-to-escape-sandbox'])
  })

  it('contact form: a plain post with hidden fields and a honeypot', async () => {
    route.query = {}
    const html = await render([{ id: 'cf', type: 'contactForm', content: { phone: 'required' } }])
    expect(html).toContain('<form class="fb-form" method="post" action="/api/forms/contact">')
    expect(html).toContain('<input type="hidden" name="blockId" value="cf">')
    expect(html).toContain('<input type="hidden" name="pagePath" value="/contact">')
    expect(html).toMatch(/<input id="contact-cf-phone" name="phone" type="tel" autocomplete="tel" required/)
    expect(html).toMatch(/<p class="fb-hp" aria-hidden="true">.*name="website" type="text" tabindex="-1" autocomplete="off"/)
    expect(html).toMatch(/<label for="contact-cf-email">Email<\/label><input id="contact-cf-email" name="email" type="email"/)
    expect(html).not.toContain('role="status"')
  })

  it('contact form: shows the editor\'s messages after a post, never text from the URL', async () => {
    route.query = { sent: '1' }
    expect(await render([{ id: 'cf', type: 'contactForm', content: {} }])).toContain('role="status">Thank you, your message has been sent.')
    route.query = { error: '<b>hacked</b>' }
    const html = await render([{ id: 'cf', type: 'contactForm', content: {} }])
    expect(html).toContain('role="alert">Your message could not be sent.')
    expect(html).not.toContain('hacked')
    route.query = {}
  })

  it('contact form: shows the Turnstile widget only when the site provides a site key, and says why it was sent back', async () => {
    const blocks = renderableBlocks([{ id: 'cf', type: 'contactForm', content: {} }]).blocks
    expect(await render([{ id: 'cf', type: 'contactForm', content: {} }])).not.toContain('cf-turnstile')
    const protectedForm = async (locale: string) => {
      const app = createSSRApp({ render: () => h(BlockRenderer, { blocks, locale }) })
      app.provide(CONTACT_FORM_TURNSTILE_SITE_KEY, '1x00000000000000000000AA')
      return await renderToString(app)
    }
    // Inside the form, so the token field Cloudflare's script adds is posted with it.
    expect(await protectedForm('en')).toMatch(/<form [^>]*>.*<div class="cf-turnstile" data-sitekey="1x00000000000000000000AA" data-action="contact"><\/div>.*<\/form>/s)
    route.query = { error: 'captcha' }
    expect(await protectedForm('es')).toContain(`role="alert">${uiStrings('es').captchaFailed}<`)
    route.query = { error: 'captcha_unavailable' }
    expect(await protectedForm('en')).toContain(`role="alert">${uiStrings('en').captchaUnavailable}<`)
    route.query = {}
  })

  it('booking widget: links to the booking page with the configured label', async () => {
    expect(await render([{ id: 'bk', type: 'bookingWidget', content: { buttonLabel: 'Book a cut' } }])).toContain('<a class="fb-button" href="/book">Book a cut</a>')
  })

  it('booking widget: preselects a service, and frames the flow in the page in inline mode', async () => {
    const serviceId = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f'
    expect(await render([{ id: 'bk', type: 'bookingWidget', content: { serviceId } }])).toContain(`<a class="fb-button" href="/book?service=${serviceId}">Book now</a>`)
    const inline = await render([{ id: 'bk', type: 'bookingWidget', content: { mode: 'inline', serviceId, buttonLabel: 'Book a cut' } }])
    expect(inline).toContain(`<iframe class="fb-booking-frame" src="/book?embed=1&amp;service=${serviceId}" title="Book a cut" loading="lazy"></iframe>`)
    // A stored id that is not one renders nothing rather than a broken link.
    expect(await render([{ id: 'bk', type: 'bookingWidget', content: { serviceId: '../admin' } }])).toBe('')
  })

  it('opening hours: weekdays in the page language, closed days labelled', async () => {
    const html = await render([{ id: 'h', type: 'openingHours', content: { hours: [{ day: 'monday', opens: '09:00', closes: '14:00' }], closedLabel: 'Cerrado' } }], 'es')
    expect(html).toContain('<th scope="row">lunes</th>')
    expect(html).toContain('<time>09:00</time>–<time>14:00</time>')
    expect(html.match(/Cerrado/g)).toHaveLength(6)
  })

  it('decorative images get an empty alt', async () => {
    const html = await render([{ id: 'i', type: 'image', content: { image: { url: '/a.jpg', decorative: true } } }])
    expect(html).toContain('<img src="/a.jpg" alt loading="lazy"')
  })

  describe('one <h1> per page', () => {
    const h1s = (html: string) => html.match(/<h1[^>]*>[\s\S]*?<\/h1>/g) ?? []
    const hero = (id: string, heading: string) => ({ id, type: 'hero', content: { heading } })
    const text = (id: string, html: string) => ({ id, type: 'richText', content: { html } })

    it('is the heading of a hero that opens the page; later heroes and the title are not', async () => {
      const html = await render([hero('a', 'Fresh cuts'), text('t', '<h2>Prices</h2>'), hero('b', 'Gift cards')], 'en', 'Home')
      expect(h1s(html)).toEqual(['<h1 class="fb-hero__heading">Fresh cuts</h1>'])
      expect(html).toContain('<h2 class="fb-hero__heading">Gift cards</h2>')
      expect(html).toContain('<h2>Prices</h2>')
      expect(html).not.toContain('fb-page-title')
    })

    it('is the heading a first text block opens with', async () => {
      const html = await render([text('t', '<h2>Services &amp; prices</h2><p>From £12.</p><h2>Colour</h2>')], 'en', 'Services')
      expect(h1s(html)).toEqual(['<h1>Services &amp; prices</h1>'])
      expect(html).toContain('<h2>Colour</h2>')
    })

    it('is the page title when the page opens otherwise, or is empty', async () => {
      for (const blocks of [[], [text('t', '<p>No heading first.</p><h2>Later</h2>')], [{ id: 'f', type: 'faq', content: { heading: 'Questions', items: [{ question: 'Parking?', answer: 'Yes.' }] } }, hero('h', 'Late hero')]]) {
        const html = await render(blocks, 'en', 'Our team')
        expect(h1s(html)).toEqual(['<h1 class="fb-page-title">Our team</h1>'])
      }
    })
  })
})
