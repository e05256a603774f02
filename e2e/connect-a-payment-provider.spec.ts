import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memberships, paymentProviderSettings, users } from '@flectar/db'
import { adminApi, openE2eDatabase } from './support/accounts'

const REDSYS_KEY = 'sq7HjrUOBfKmC576ILgskD5srU870gJ7'
const PAYPAL_SECRET = 'EFlectarPayPalClientSecret-0123456789'

/** An owner connects Redsys and PayPal to a site through the admin API, as the settings page does. */
describe('an owner connects payment providers, and no secret ever comes back', () => {
  const database = openE2eDatabase()
  let owner: Awaited<ReturnType<typeof database.createOwner>>
  let base: string

  beforeAll(async () => {
    owner = await database.createOwner('owner@pay-settings.example', 'Pay Settings')
    const created = await adminApi('POST', `/api/orgs/${owner.orgId}/projects`, {
      cookie: owner.cookie,
      body: { name: 'Pay Settings Salon', slug: 'pay-settings-salon', templateKey: 'salon', address: 'Calle Mayor 1\n28013 Madrid', phone: '+34 910 000 003', email: 'hello@pay-settings.example', timeZone: 'Europe/Madrid', currency: 'EUR', defaultLocale: 'es' },
    })
    expect(created.status, created.body).toBe(201)
    base = `/api/orgs/${owner.orgId}/projects/${(JSON.parse(created.body) as { id: string }).id}/payments/providers`
  })
  afterAll(() => database.close())

  it('saves Redsys with the route and shape of the contract, shows only the key\'s last characters, and keeps it encrypted', async () => {
    const saved = await adminApi('PUT', `${base}/redsys`, { cookie: owner.cookie, body: { merchantCode: '999008881', terminal: '1', secretKey: REDSYS_KEY, environment: 'test', bizum: true, enabled: true } })
    expect(saved.status, saved.body).toBe(200)
    expect(saved.body).not.toContain(REDSYS_KEY)
    expect(JSON.parse(saved.body)).toMatchObject({ provider: 'redsys', connected: true, enabled: true, environment: 'test', config: { merchantCode: '999008881', bizum: true }, secrets: { secretKey: { set: true, endsWith: '0gJ7' } } })

    const listed = await adminApi('GET', base, { cookie: owner.cookie })
    expect(listed.status).toBe(200)
    expect(listed.body).not.toContain(REDSYS_KEY)
    expect((JSON.parse(listed.body) as { data: Array<{ provider: string, connected: boolean }> }).data.map(view => `${view.provider}:${view.connected}`)).toEqual(['stripe:false', 'paypal:false', 'redsys:true'])
    const rows = await database.db.select().from(paymentProviderSettings).where(eq(paymentProviderSettings.orgId, owner.orgId))
    expect(JSON.stringify(rows)).not.toContain(REDSYS_KEY)
  })

  it('answers bad settings with a 422 naming each field, and a missing secret with its own message', async () => {
    const bad = await adminApi('PUT', `${base}/redsys`, { cookie: owner.cookie, body: { merchantCode: '12', terminal: 'one', environment: 'prod', bizum: 'yes', enabled: true } })
    expect(bad.status).toBe(422)
    expect(Object.keys((JSON.parse(bad.body) as { error: { fields: Record<string, string> } }).error.fields).sort()).toEqual(['bizum', 'environment', 'merchantCode', 'terminal'])

    const noSecret = await adminApi('PUT', `${base}/paypal`, { cookie: owner.cookie, body: { clientId: 'AFlectarClientId0123', webhookId: '8PT597110X687430LKGECATA', environment: 'sandbox', enabled: true } })
    expect(noSecret.status).toBe(422)
    expect(JSON.parse(noSecret.body)).toMatchObject({ error: { code: 'invalid_input', fields: { clientSecret: 'Enter the client secret of your PayPal app.' } } })

    const paypal = await adminApi('PUT', `${base}/paypal`, { cookie: owner.cookie, body: { clientId: 'AFlectarClientId0123', clientSecret: PAYPAL_SECRET, webhookId: '8PT597110X687430LKGECATA', environment: 'sandbox', enabled: true } })
    expect(paypal.status, paypal.body).toBe(200)
    expect(paypal.body).not.toContain(PAYPAL_SECRET)
  })

  it('is a 404 for a provider that does not exist, and an editor may not see or change any of it', async () => {
    expect((await adminApi('PUT', `${base}/bitcoin`, { cookie: owner.cookie, body: {} })).status).toBe(404)
    const editor = await database.createOwner('editor@pay-settings.example', 'Editor Org')
    const [editorUser] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, 'editor@pay-settings.example'))
    await database.db.insert(memberships).values({ orgId: owner.orgId, userId: editorUser!.id, role: 'editor' })
    expect((await adminApi('GET', base, { cookie: editor.cookie })).status).toBe(403)
    expect((await adminApi('PUT', `${base}/redsys`, { cookie: editor.cookie, body: { merchantCode: '999008881', terminal: '1', environment: 'live', bizum: false, enabled: true } })).status).toBe(403)
    // Nothing the editor sent reached the stored settings.
    const listed = JSON.parse((await adminApi('GET', base, { cookie: owner.cookie })).body) as { data: Array<{ provider: string, environment: string }> }
    expect(listed.data.find(view => view.provider === 'redsys')?.environment).toBe('test')
  })
})
