import { describe, expect, inject, it } from 'vitest'
import { httpGet } from './support/apps'

const sitePort = inject('sitePort')
const host = (name: string) => ({ host: `${name}:${sitePort}` })

describe('the public site resolves the project from the Host header', () => {
  it('serves the demo project\'s published home page on demo.localhost', async () => {
    const page = await httpGet(sitePort, '/', host('demo.localhost'))
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.body).toContain('<title>Willow &amp; Wren Hair Studio</title>')
    expect(page.body).toContain('Book an appointment')
    expect(page.body).toContain('<link rel="canonical" href="http://demo.localhost:')
  })

  it('ships no framework JavaScript on a content page', async () => {
    const page = await httpGet(sitePort, '/', host('demo.localhost'))
    expect(page.body).not.toMatch(/<script[^>]+src=/)
    expect(page.body).not.toContain('modulepreload')
  })

  it('answers an unknown host with a 404 page', async () => {
    const page = await httpGet(sitePort, '/', host('nobody-here.localhost'))
    expect(page.status).toBe(404)
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.body).toContain('There is no site here')
  })

  it('answers the bare platform domain and a foreign host with 404', async () => {
    expect((await httpGet(sitePort, '/', host('localhost'))).status).toBe(404)
    expect((await httpGet(sitePort, '/', host('demo.example.com'))).status).toBe(404)
  })

  it('answers a missing page of a known project with its own branded 404 page', async () => {
    const page = await httpGet(sitePort, '/no-such-page', host('demo.localhost'))
    expect(page.status).toBe(404)
    expect(page.body).toContain('<h1 class="fb-page-title">This page does not exist</h1>')
    expect(page.body).toContain('<a class="fb-brand" href="/"><span>Willow &amp; Wren Hair Studio</span></a>')
    expect(page.body).toContain('<a class="fb-button" href="/">Go to the home page</a>')
  })
})
