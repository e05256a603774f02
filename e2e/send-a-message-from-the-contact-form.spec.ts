import { and, eq } from 'drizzle-orm'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { conversationMessages, outboxMessages, projects } from '@flectar/db'
import { openE2eDatabase } from './support/accounts'
import { httpRequest } from './support/apps'

const sitePort = inject('sitePort')
const origin = `http://demo.localhost:${sitePort}`

/** The contact-form block's plain HTML post, from a visitor at `ip`. */
async function postContact(fields: Record<string, string>, ip: string) {
  const response = await httpRequest(sitePort, 'POST', '/api/forms/contact', {
    'host': `demo.localhost:${sitePort}`,
    'content-type': 'application/x-www-form-urlencoded',
    'x-forwarded-for': ip,
  }, new URLSearchParams(fields).toString())
  return { status: response.status, location: String(response.headers.location ?? '') }
}

const message = { blockId: 'contact-form', pagePath: '/contact', name: 'Ana Visitor', email: 'ana@example.com', message: 'Do you cut curly hair?' }

describe('a visitor sends a message from the contact form', () => {
  const database = openE2eDatabase()
  afterAll(() => database.close())
  const demoId = async () => (await database.db.select().from(projects).where(eq(projects.slug, 'demo')))[0]!.id
  const stored = async (name: string) =>
    (await database.db.select().from(conversationMessages).where(and(eq(conversationMessages.projectId, await demoId()), eq(conversationMessages.channel, 'form')))).filter(row => row.fields?.name === name)
  /** The owners' emails about messages from `name`. */
  const noticesAbout = async (name: string) =>
    (await database.db.select().from(outboxMessages).where(and(eq(outboxMessages.projectId, await demoId()), eq(outboxMessages.template, 'sites.contact_message'))))
      .filter(row => row.text.includes(`Name: ${name}\n`))

  it('is filed in the inbox with every field, the owners are emailed, and the visitor is sent back to the page it came from', async () => {
    const response = await postContact({ ...message, name: 'Ana Stored', phone: '+34 600 123 456' }, '198.51.100.60')
    expect(response).toEqual({ status: 303, location: '/contact?sent=1#block-contact-form' })
    const rows = await stored('Ana Stored')
    expect(rows.map(row => row.fields)).toEqual([{ name: 'Ana Stored', email: 'ana@example.com', phone: '+34 600 123 456', message: 'Do you cut curly hair?', page: '/contact', block: 'contact-form' }])
    const notices = await noticesAbout('Ana Stored')
    expect(notices.length).toBeGreaterThan(0)
    for (const notice of notices) {
      expect(notice.replyTo).toBe('ana@example.com')
      expect(notice.text).toContain('Name: Ana Stored\nEmail: ana@example.com\nPhone: +34 600 123 456')
      expect(notice.text).toContain(`/inbox?project=${await demoId()}&conversation=${rows[0]!.conversationId}`)
    }
  })

  it('never sends the visitor to another site, whatever the page path says', async () => {
    for (const pagePath of ['/\\evil.example/phish', '//evil.example/phish', '/\\/evil.example', '/%5Cevil.example', 'https://evil.example/', '/\t/evil.example', '/contact\r\nSet-Cookie: x=1']) {
      const response = await postContact({ ...message, pagePath }, '198.51.100.61')
      expect(response.status, pagePath).toBe(303)
      // Resolved as the browser would, the redirect stays on this site.
      expect(new URL(response.location, origin).origin, `${pagePath} -> ${response.location}`).toBe(origin)
      expect(response.location).not.toMatch(/[\r\n]/)
    }
  })

  it('validates and rate limits a bot that fills the honeypot like anyone, and stores nothing from it', async () => {
    const bot = { ...message, name: 'Bot Honeypot', website: 'https://spam.example' }
    expect(await postContact(bot, '198.51.100.62')).toEqual({ status: 303, location: '/contact?sent=1#block-contact-form' })
    expect((await postContact({ ...bot, email: 'not an email' }, '198.51.100.62')).location).toBe('/contact?error=invalid#block-contact-form')
    const locations: string[] = []
    for (let attempt = 0; attempt < 5; attempt++) locations.push((await postContact(bot, '198.51.100.62')).location)
    expect(locations.at(-1)).toBe('/contact?error=rate_limited#block-contact-form')
    expect(await stored('Bot Honeypot')).toHaveLength(0)
    expect(await noticesAbout('Bot Honeypot')).toHaveLength(0)
  })

  it('sends nothing for a post turned away by the rate limit', async () => {
    const locations: string[] = []
    for (let attempt = 0; attempt < 6; attempt++) locations.push((await postContact({ ...message, name: `Ana Limited ${attempt}` }, '198.51.100.63')).location)
    expect(locations.at(-1)).toBe('/contact?error=rate_limited#block-contact-form')
    expect(await stored('Ana Limited 5')).toHaveLength(0)
    expect(await noticesAbout('Ana Limited 5')).toHaveLength(0)
  })
})
