import { describe, expect, it } from 'vitest'
import { projectSlugFromHost } from './project-slug-from-host'

describe('projectSlugFromHost', () => {
  it.each([
    ['demo.localhost:3001', 'localhost', 'demo'],
    ['Demo.LocalHost', 'localhost', 'demo'],
    ['salon-19.flectar.app', 'flectar.app', 'salon-19'],
    ['salon.flectar.app.', 'flectar.app', 'salon'],
  ])('%s on %s is project %s', (host, domain, slug) => {
    expect(projectSlugFromHost(host, domain)).toBe(slug)
  })

  it.each([
    [undefined, 'localhost'],
    ['localhost:3001', 'localhost'],
    ['a.b.localhost', 'localhost'],
    ['demo.example.com', 'flectar.app'],
    ['-bad.localhost', 'localhost'],
    ['evilflectar.app', 'flectar.app'],
  ])('%s on %s is no project', (host, domain) => {
    expect(projectSlugFromHost(host, domain)).toBeUndefined()
  })
})
