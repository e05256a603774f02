import { defineTemplate } from '@flectar/blocks'

export const linkInBio = defineTemplate({
  key: 'link-in-bio',
  name: 'Link in bio',
  description: 'One bright page with your name, a short bio, your most important links and your social profiles.',
  category: 'personal',
  theme: {
    palette: { primary: '#be185d', accent: '#f59e0b', background: '#fdf2f8', text: '#2a0f1d' },
    typography: { heading: 'dm-sans', body: 'dm-sans' },
    radius: 'full',
    mode: 'light',
  },
  navigation: { header: [], footer: [] },
  modules: ['linkHub', 'analytics'],
  locales: ['en'],
  pages: [
    {
      path: '/',
      title: '{{business.name}}',
      seo: { metaTitle: '{{business.name}} · Links', metaDescription: 'Ceramics, workshops and the studio shop of {{business.name}}.' },
      blocks: [
        {
          id: 'intro',
          type: 'hero',
          content: {
            eyebrow: '{{business.email}}',
            heading: '{{business.name}}',
            subheading: 'Ceramicist. Slow, wheel-thrown tableware in small batches, and workshops for beginners.',
            layout: 'centered',
          },
        },
        {
          id: 'links',
          type: 'linkList',
          example: true,
          content: {
            style: 'buttons',
            links: [
              { label: 'Shop the spring collection', href: 'https://www.example.com/shop', description: 'Restocked every first Friday' },
              { label: 'Book a wheel workshop', href: 'https://www.example.com/workshops', description: 'Saturdays, 4 people per class' },
              { label: 'Read my studio newsletter', href: 'https://www.example.com/newsletter' },
              { label: 'Wholesale & commissions', href: '{{business.emailHref}}' },
            ],
          },
        },
        {
          id: 'social',
          type: 'linkList',
          content: {
            heading: 'Follow along',
            style: 'inline',
            links: [
              { label: 'Instagram', href: 'https://www.instagram.com/' },
              { label: 'TikTok', href: 'https://www.tiktok.com/' },
              { label: 'YouTube', href: 'https://www.youtube.com/' },
              { label: 'Pinterest', href: 'https://www.pinterest.com/' },
            ],
          },
        },
      ],
    },
  ],
})
