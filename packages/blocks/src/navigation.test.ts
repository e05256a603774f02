import { describe, expect, it } from 'vitest'
import { navigationHrefs, navigationSchema } from './navigation'

describe('navigationSchema', () => {
  it('accepts links with one level of children', () => {
    const navigation = navigationSchema.parse({
      header: [{ label: 'Services', href: '/services', children: [{ label: 'Colour', href: '/services/colour' }] }],
      footer: [{ label: 'Email', href: 'mailto:hi@example.com' }],
    })
    expect(navigation.footer[0]?.children).toEqual([])
    expect(navigationHrefs(navigation)).toEqual(['/services', '/services/colour', 'mailto:hi@example.com'])
  })

  it('refuses a second level and unsafe links, with paths', () => {
    const result = navigationSchema.safeParse({
      header: [{ label: 'A', href: '/a', children: [{ label: 'B', href: '/b', children: [{ label: 'C', href: '/c' }] }] }],
      footer: [{ label: '', href: 'javascript:alert(1)' }],
    })
    const fields = Object.fromEntries(result.error!.issues.map(issue => [issue.path.join('.'), issue.message]))
    expect(fields).toEqual({
      'header.0.children.0': 'Menus go one level deep: a sub-link cannot have links of its own',
      'footer.0.label': 'Add the link text',
      'footer.0.href': expect.stringContaining('Use a web address'),
    })
  })
})
