import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { memberships, organizations, outboxMessages, users } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { parseInput } from '@flectar/errors'
import { emailScrollWidth } from '@flectar/messaging/testing'
import { launchBrowser } from '../../../e2e/support/browser'
import { addDomain, type DomainVerifier } from './domains'
import { contactFormSchema, submitContactForm } from './forms'
import { createProject } from './projects'
import { verifyDomain } from './verify-domain'

// Issue 13: every email the platform sends reads on a phone. The sites' own two (a contact
// message for the owners, a domain that moved away) fit 375 px without scrolling sideways.
describe('site emails on a phone (Chromium, 375 px)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let browser: Browser

  beforeAll(async () => {
    database = await createTestDatabase()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await database.drop()
  })

  /** An org with an owner and one project with a long name. */
  async function tenant(slug: string) {
    const [org] = await database.db.insert(organizations).values({ name: slug, slug }).returning()
    const [owner] = await database.db.insert(users).values({ email: `owner@${slug}.example`, name: slug }).returning()
    await database.db.insert(memberships).values({ orgId: org!.id, userId: owner!.id, role: 'owner' })
    const project = await createProject(database.db, org!.id, { name: `Peluquería y Estética Internacional ${slug}`, slug: `${slug}-site`, timeZone: 'UTC', defaultLocale: 'en' }, SYSTEM_ACTOR)
    return { orgId: org!.id, projectId: project.id, project }
  }
  const dnsWith = (claim: { hostname: string, verificationToken: string }): DomainVerifier => ({
    txtRecords: async name => (name === `_flectar-verification.${claim.hostname}` ? [`flectar-verification=${claim.verificationToken}`] : []),
    httpToken: async () => undefined,
  })

  it('none scrolls sideways', async () => {
    const a = await tenant('alpha-phone')
    const b = await tenant('bravo-phone')
    await submitContactForm(database.db, a.project, parseInput(contactFormSchema, {
      blockId: 'contact-form', pagePath: `/contact/${'very-long-page-path-'.repeat(8)}`, name: 'Maximiliana Fernández-Villaverde de la Concepción',
      email: 'maximiliana.fernandez-villaverde.de.la.concepcion@example.com', phone: '+34 600 123 456 ext. 7890',
      message: `Hello! See https://example.com/${'a-very-long-url-segment-'.repeat(10)} for what I mean.`,
    }), { inboxUrl: id => `https://admin.example/inbox?project=${a.projectId}&conversation=${id}` })

    const hostname = `www.${'a-rather-long-subdomain-label'.slice(0, 40)}.peluqueria-internacional.example`
    const claimA = await addDomain(database.db, a, { hostname }, 'localhost', SYSTEM_ACTOR)
    await verifyDomain(database.db, a, claimA.id, SYSTEM_ACTOR, dnsWith(claimA))
    const claimB = await addDomain(database.db, b, { hostname }, 'localhost', SYSTEM_ACTOR)
    expect(await verifyDomain(database.db, b, claimB.id, SYSTEM_ACTOR, dnsWith(claimB))).toMatchObject({ verified: true, movedFrom: { projectId: a.projectId } })

    const messages = await database.db.select().from(outboxMessages)
    expect(messages.map(message => message.template).sort()).toEqual(['sites.contact_message', 'sites.domain_moved'])
    const widths = await Promise.all(messages.map(async message => [message.template, await emailScrollWidth(browser, message.html!)] as const))
    expect(widths.filter(([, width]) => width > 375)).toEqual([])
  })
})
