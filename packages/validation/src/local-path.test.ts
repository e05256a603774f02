import { describe, expect, it } from 'vitest'
import { localPath } from './local-path'

describe('localPath', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    expect(localPath('/projects/1?tab=bookings&section=calendar#today')).toBe('/projects/1?tab=bookings&section=calendar#today')
    expect(localPath('/settings/members')).toBe('/settings/members')
  })

  it('sends anything that could leave the site home', () => {
    for (const value of ['//evil.example/x', '/\\evil.example', '/\\/evil.example', 'https://evil.example', 'javascript:alert(1)', '', undefined, 42, `/${'a'.repeat(2001)}`]) {
      expect(localPath(value), String(value)).toBe('/')
    }
  })
})
