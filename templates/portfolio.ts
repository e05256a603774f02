import { defineTemplate } from '@flectar/blocks'

const image = (name: string) => `/templates/portfolio/images/${name}.svg`
const work = (index: number, alt: string, caption = '') => ({ image: { url: image(`work-${index}`), alt }, caption })

export const portfolio = defineTemplate({
  key: 'portfolio',
  name: 'Photographer portfolio',
  description: 'A dark, image-first portfolio with selected work, a journal, packages and a contact form.',
  category: 'creative',
  theme: {
    palette: { primary: '#e4c590', accent: '#c2410c', background: '#111111', text: '#f2f0eb' },
    typography: { heading: 'playfair', body: 'inter' },
    radius: 'none',
    mode: 'dark',
  },
  navigation: {
    header: [
      { label: 'Work', href: '/work' },
      { label: 'Journal', href: '/journal' },
      { label: 'About', href: '/about' },
      { label: 'Contact', href: '/contact' },
    ],
    footer: [
      { label: 'Instagram', href: 'https://www.instagram.com/' },
      { label: 'Behance', href: 'https://www.behance.net/' },
      { label: '{{business.email}}', href: '{{business.emailHref}}' },
    ],
  },
  modules: ['blog', 'messages'],
  locales: ['en'],
  pages: [
    {
      path: '/',
      title: 'Home',
      seo: { metaTitle: '{{business.name}} · Landscape & portrait photographer', metaDescription: 'Landscape, portrait and editorial photography from the north. Available for commissions worldwide.' },
      blocks: [
        {
          id: 'intro',
          type: 'hero',
          content: {
            eyebrow: '{{business.name}} · Photographer',
            heading: 'Quiet light, wide places, honest faces',
            subheading: 'Landscape, portrait and editorial photography for magazines, brands and people who want pictures that feel true.',
            ctaLabel: 'See the work',
            ctaHref: '/work',
            secondaryCtaLabel: 'Commission me',
            secondaryCtaHref: '/contact',
            image: { url: image('hero'), alt: 'Mountains at dusk under a low golden sun' },
            layout: 'background',
          },
        },
        {
          id: 'selected',
          type: 'gallery',
          content: {
            heading: 'Selected work',
            columns: '3',
            lightbox: true,
            items: [
              work(1, 'Red cliffs glowing at sunset', 'Finnmark, 2024'),
              work(2, 'Blue ridges fading into sea mist', 'Lofoten, 2023'),
              work(3, 'Pink dawn over dark hills', 'Abisko, 2024'),
              work(4, 'Green summer hills under a pale sun', 'Senja, 2023'),
              work(5, 'Violet night over mountain ridges', 'Polar night, 2022'),
              work(6, 'Grey mountains in soft overcast light', 'Jotunheimen, 2023'),
            ],
          },
        },
        {
          id: 'clients',
          type: 'testimonials',
          example: true,
          content: {
            heading: 'Clients',
            items: [
              { quote: 'Brings back images no one else would have waited for. Our most-shared cover of the year.', author: 'Ingrid Solberg', role: 'Photo editor' },
              { quote: 'Relaxed, patient and brilliant with people who hate being photographed, which was all of us.', author: 'Erik Vang', role: 'Founder, Vang Outdoor' },
            ],
          },
        },
        {
          id: 'commission',
          type: 'callToAction',
          content: {
            heading: 'Have a project in mind?',
            text: 'Now booking editorial, brand and portrait commissions.',
            buttonLabel: 'Get in touch',
            buttonHref: '/contact',
            tone: 'primary',
          },
        },
      ],
    },
    {
      path: '/work',
      title: 'Work',
      blocks: [
        {
          id: 'landscapes',
          type: 'gallery',
          content: {
            heading: 'Landscapes',
            columns: '3',
            lightbox: true,
            items: [
              work(1, 'Red cliffs glowing at sunset', 'Finnmark'),
              work(2, 'Blue ridges fading into sea mist', 'Lofoten'),
              work(7, 'Amber hills under a white sun', 'Dovrefjell'),
              work(8, 'Deep blue mountains under a full moon', 'Lyngen Alps'),
              work(9, 'Lilac ridges at first light', 'Kebnekaise'),
              work(4, 'Green summer hills under a pale sun', 'Senja'),
            ],
          },
        },
        { id: 'divider', type: 'spacer', content: { style: 'line', size: 'md' } },
        {
          id: 'portraits',
          type: 'columns',
          content: {
            heading: 'Portraits & editorial',
            columns: [
              { heading: 'People in their places', body: '<p>Fishermen, reindeer herders and makers, photographed where they live and work, in natural light.</p>', image: { url: image('work-6'), alt: 'Grey mountains in soft overcast light' } },
              { heading: 'For brands', body: '<p>Outdoor and lifestyle campaigns shot on location, from concept to final retouch.</p>', image: { url: image('work-3'), alt: 'Pink dawn over dark hills' } },
            ],
          },
        },
      ],
    },
    {
      path: '/journal',
      title: 'Journal',
      seo: { metaDescription: 'Field notes, gear and stories from behind the camera.' },
      blocks: [
        {
          id: 'post-polar-night',
          type: 'richText',
          example: true,
          content: {
            html: '<h2>Two months without the sun</h2><p><em>January 2025</em></p><p>From late November the sun barely rises above the horizon up north. What you get instead is the blue hour stretched across the whole day, and it is the most beautiful light I know.</p><p>I spent the season shooting one ridge, always from the same spot. <a href="/work">The series</a> is now part of the landscapes collection.</p>',
          },
        },
        {
          id: 'polar-image',
          type: 'image',
          example: true,
          content: {
            image: { url: image('journal-1'), alt: 'Abstract composition in sand and rust on black' },
            caption: 'Contact sheet, week six.',
            width: 'wide',
          },
        },
        { id: 'break-1', type: 'spacer', content: { style: 'line', size: 'lg' } },
        {
          id: 'post-gear',
          type: 'richText',
          example: true,
          content: {
            html: '<h2>What is in my bag for winter</h2><p><em>November 2024</em></p><p>People ask about cameras; the honest answer is that gloves matter more. My winter kit in order of importance:</p><ol><li>Thin liner gloves under mittens</li><li>Spare batteries kept inside my jacket</li><li>A head torch with a red light</li><li>One body and two prime lenses</li></ol><p>Everything else stays in the car.</p>',
          },
        },
        {
          id: 'gear-image',
          type: 'image',
          example: true,
          content: {
            image: { url: image('journal-2'), alt: 'Abstract composition of sand, rust and grey shapes on violet' },
            caption: 'Everything that made the cut this winter.',
          },
        },
        { id: 'break-2', type: 'spacer', content: { style: 'line', size: 'lg' } },
        {
          id: 'post-portraits',
          type: 'richText',
          example: true,
          content: {
            html: '<h2>On photographing people who hate being photographed</h2><p><em>September 2024</em></p><p>Most of my portrait subjects tell me they are not photogenic. The trick is to stop photographing them: we walk, we talk about their work, and the camera comes out when they forget about it.</p><blockquote><p>The best portrait is usually the one taken after I say we are finished.</p></blockquote>',
          },
        },
        {
          id: 'portraits-image',
          type: 'image',
          example: true,
          content: {
            image: { url: image('journal-3'), alt: 'Abstract composition of sand, rust and grey shapes on deep teal' },
            caption: 'Outtakes from a portrait walk in Bodø.',
          },
        },
      ],
    },
    {
      path: '/about',
      title: 'About',
      blocks: [
        {
          id: 'portrait',
          type: 'hero',
          content: {
            heading: 'Hi, I am {{business.name}}',
            subheading: 'I grew up on an island in the far north and have been photographing its light for fifteen years. My work has appeared in magazines and exhibitions.',
            image: { url: image('portrait'), alt: 'Portrait of the photographer' },
            layout: 'split',
          },
        },
        {
          id: 'packages',
          type: 'pricingTable',
          content: {
            heading: 'Portrait sessions',
            intro: 'Editorial and brand work is quoted per project.',
            layout: 'cards',
            items: [
              { name: 'Short session', price: '{{price:350}}', description: 'One hour, one location', features: '20 edited images\nOnline gallery\nPrint licence' },
              { name: 'Half day', price: '{{price:750}}', description: 'Up to four hours, two locations', features: '60 edited images\nOnline gallery\nPrint licence\nOne fine-art print', highlighted: true, ctaLabel: 'Enquire', ctaHref: '/contact' },
            ],
          },
        },
        {
          id: 'faq',
          type: 'faq',
          content: {
            heading: 'Questions',
            items: [
              { question: 'Do you travel?', answer: 'Yes. Travel within the country is included for half-day sessions; further afield is quoted separately.' },
              { question: 'When will I get my photos?', answer: 'Within two weeks, in a private online gallery you can download from and share.' },
            ],
          },
        },
      ],
    },
    {
      path: '/contact',
      title: 'Contact',
      blocks: [
        {
          id: 'enquiry',
          type: 'contactForm',
          content: {
            heading: 'Tell me about your project',
            intro: 'Dates, location and what the pictures are for. I reply within two working days.',
            messageLabel: 'About the project',
            submitLabel: 'Send',
          },
        },
        {
          id: 'elsewhere',
          type: 'linkList',
          content: {
            heading: 'Elsewhere',
            style: 'inline',
            links: [
              { label: 'Instagram', href: 'https://www.instagram.com/' },
              { label: 'Behance', href: 'https://www.behance.net/' },
              { label: 'Email', href: '{{business.emailHref}}' },
            ],
          },
        },
      ],
    },
  ],
})
