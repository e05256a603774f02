import { defineTemplate } from '@flectar/blocks'

const image = (name: string) => `/templates/estate-agent/images/${name}.svg`

export const estateAgent = defineTemplate({
  key: 'estate-agent',
  name: 'Estate agent',
  description: 'An estate agency site with featured properties, a free valuation request, the team and office details.',
  category: 'property',
  theme: {
    palette: { primary: '#1e3a5f', accent: '#b08d57', background: '#ffffff', text: '#1f2933' },
    typography: { heading: 'playfair', body: 'inter' },
    radius: 'none',
    mode: 'light',
  },
  navigation: {
    header: [
      { label: 'Properties', href: '/properties' },
      { label: 'Free valuation', href: '/valuation' },
      { label: 'About us', href: '/about' },
      { label: 'Contact', href: '/contact' },
    ],
    footer: [
      { label: 'Properties for sale', href: '/properties' },
      { label: 'Valuation', href: '/valuation' },
      { label: 'Office hours', href: '/contact#block-hours' },
      { label: '{{business.phone}}', href: '{{business.phoneHref}}' },
      { label: '{{business.email}}', href: '{{business.emailHref}}' },
    ],
  },
  modules: ['listings', 'messages'],
  locales: ['en'],
  pages: [
    {
      path: '/',
      title: 'Home',
      seo: { metaTitle: '{{business.name}} · Estate agents', metaDescription: 'Independent estate agents: homes for sale and to let, free valuations and honest advice from {{business.name}}.' },
      blocks: [
        {
          id: 'welcome',
          type: 'hero',
          content: {
            eyebrow: '{{business.name}} · Independent estate agents',
            heading: 'Find the home that fits the next chapter',
            subheading: 'Local, independent and straight-talking. We sell and let homes across town and the villages around it.',
            ctaLabel: 'View properties',
            ctaHref: '/properties',
            secondaryCtaLabel: 'Book a free valuation',
            secondaryCtaHref: '/valuation',
            image: { url: image('hero'), alt: 'Illustration of a white family house with a navy roof under a pale sky' },
            layout: 'background',
          },
        },
        {
          id: 'featured',
          type: 'featureGrid',
          example: true,
          content: {
            heading: 'Featured properties',
            intro: 'A few of the homes new to the market this month.',
            columns: '3',
            items: [
              { title: 'Georgian townhouse', text: '{{price:675000}} · 3 bedrooms · Georgian townhouse with a walled garden and city views.', image: { url: image('listing-1'), alt: 'Illustration of a white house with a dark roof' }, linkLabel: 'Arrange a viewing', href: '/contact' },
              { title: 'Period terrace', text: '{{price:450000}} · 2 bedrooms · Period terrace moments from the shops.', image: { url: image('listing-2'), alt: 'Illustration of a row of terraced houses' }, linkLabel: 'Arrange a viewing', href: '/contact' },
              { title: 'Detached stone house', text: '{{price:895000}} · 4 bedrooms · Detached stone house with a double garage.', image: { url: image('listing-3'), alt: 'Illustration of a cream house with a red roof' }, linkLabel: 'Arrange a viewing', href: '/contact' },
            ],
          },
        },
        {
          id: 'services',
          type: 'columns',
          content: {
            heading: 'How we can help',
            columns: [
              { heading: 'Selling', body: '<p>Professional photography, floor plans and a launch to our list of registered buyers before your home goes online.</p><p><a href="/valuation">Book a valuation</a></p>' },
              { heading: 'Letting', body: '<p>Tenant find or full management, with legal checks, deposits and inspections handled for you.</p>' },
              { heading: 'Buying', body: '<p>Register your search and hear about new homes before they reach the portals.</p><p><a href="/contact">Register with us</a></p>' },
            ],
          },
        },
        {
          id: 'reviews',
          type: 'testimonials',
          example: true,
          content: {
            heading: 'What our clients say',
            items: [
              { quote: 'Sold in nine days and above the asking price. Sofia kept us informed at every step.', author: 'Rachel & Ian W.', role: 'Seller', rating: 5 },
              { quote: 'Honest about the price from day one, which is exactly why we chose them. No surprises.', author: 'Mr K. Ahmed', role: 'Seller', rating: 5 },
              { quote: 'Our managed flat has not had an empty month in four years.', author: 'Claire D.', role: 'Landlord', rating: 5 },
            ],
          },
        },
        {
          id: 'valuation',
          type: 'callToAction',
          content: {
            heading: 'What is your home worth?',
            text: 'A free, no-obligation valuation from an agent who knows your street.',
            buttonLabel: 'Book a valuation',
            buttonHref: '/valuation',
            tone: 'accent',
          },
        },
      ],
    },
    {
      path: '/properties',
      title: 'Properties',
      seo: { metaDescription: 'Homes for sale in town and the surrounding villages with {{business.name}}.' },
      blocks: [
        {
          id: 'intro',
          type: 'richText',
          content: {
            html: '<h2>Homes for sale</h2><p>Below are the homes we are currently marketing. For floor plans, energy certificates and viewings, call the office or send us a message.</p>',
            width: 'wide',
          },
        },
        {
          id: 'listings',
          type: 'featureGrid',
          example: true,
          content: {
            columns: '3',
            items: [
              { title: 'Georgian townhouse', text: '{{price:675000}} · 3 bedrooms · 2 bathrooms · Walled garden', image: { url: image('listing-1'), alt: 'Illustration of a white house with a dark roof' }, linkLabel: 'Arrange a viewing', href: '/contact' },
              { title: 'Period terrace', text: '{{price:450000}} · 2 bedrooms · 1 bathroom · Courtyard', image: { url: image('listing-2'), alt: 'Illustration of a row of terraced houses' }, linkLabel: 'Arrange a viewing', href: '/contact' },
              { title: 'Detached stone house', text: '{{price:895000}} · 4 bedrooms · 3 bathrooms · Double garage', image: { url: image('listing-3'), alt: 'Illustration of a cream house with a red roof' }, linkLabel: 'Arrange a viewing', href: '/contact' },
              { title: 'Family house', text: '{{price:1150000}} · 5 bedrooms · 3 bathrooms · Half an acre', image: { url: image('listing-4'), alt: 'Illustration of a red-brick house with a flat roof' }, linkLabel: 'Arrange a viewing', href: '/contact' },
              { title: 'Garden flat', text: '{{price:395000}} · 2 bedrooms · 1 bathroom · Garden flat', image: { url: image('listing-5'), alt: 'Illustration of a white terrace of three homes' }, linkLabel: 'Arrange a viewing', href: '/contact' },
              { title: 'House by the river', text: '{{price:560000}} · 3 bedrooms · 2 bathrooms · River views', image: { url: image('listing-6'), alt: 'Illustration of a brick house with a slate roof' }, linkLabel: 'Arrange a viewing', href: '/contact' },
            ],
          },
        },
        {
          id: 'alerts',
          type: 'callToAction',
          content: {
            heading: 'Not found the one yet?',
            text: 'Register your search and we will call you when a matching home comes in, often before it is advertised.',
            buttonLabel: 'Register your search',
            buttonHref: '/contact',
            tone: 'subtle',
          },
        },
      ],
    },
    {
      path: '/valuation',
      title: 'Free valuation',
      blocks: [
        {
          id: 'intro',
          type: 'richText',
          content: {
            html: '<h2>Book a free valuation</h2><p>One of our valuers will visit, look at your home and the street, and give you a realistic asking price backed by recent sales, usually within three days of your request.</p>',
          },
        },
        {
          id: 'steps',
          type: 'columns',
          content: {
            columns: [
              { heading: '1. Visit', body: '<p>Forty-five minutes at your home, at a time that suits you, evenings included.</p>' },
              { heading: '2. Report', body: '<p>A written valuation with comparable sales and our marketing plan within 48 hours.</p>' },
              { heading: '3. Your decision', body: '<p>No pressure and no tie-in. Take your time, and ask us anything.</p>' },
            ],
          },
        },
        {
          id: 'request',
          type: 'contactForm',
          content: {
            heading: 'Request your valuation',
            phone: 'required',
            messageLabel: 'Address and a good time to visit',
            submitLabel: 'Request valuation',
            successMessage: 'Thank you. A valuer will call you within one working day to arrange a visit.',
            privacyNote: 'We use your details only to arrange the valuation. See our privacy notice in the office.',
          },
        },
      ],
    },
    {
      path: '/about',
      title: 'About us',
      blocks: [
        {
          id: 'story',
          type: 'richText',
          content: {
            html: '<h2>Independent and local</h2><p>{{business.name}} is still independent, still local, and still answers the phone: call us on {{business.phone}}.</p><blockquote><p>We would rather tell you the right price than the one you want to hear.</p></blockquote>',
          },
        },
        {
          id: 'team',
          type: 'team',
          example: true,
          content: {
            heading: 'The team',
            members: [
              { name: 'James Whitfield', role: 'Director', bio: 'Has valued more than 4,000 homes and still loves a Georgian cornice.', image: { url: image('team-james'), alt: 'Portrait of James Whitfield' } },
              { name: 'Sofia Marin', role: 'Sales manager', bio: 'Guides sellers from the first viewing to the day the keys change hands.', image: { url: image('team-sofia'), alt: 'Portrait of Sofia Marin' } },
              { name: 'Daniel Osei', role: 'Lettings manager', bio: 'Looks after 180 managed homes and the landlords and tenants in them.', image: { url: image('team-daniel'), alt: 'Portrait of Daniel Osei' } },
            ],
          },
        },
        {
          id: 'faq',
          type: 'faq',
          content: {
            heading: 'Questions sellers ask',
            items: [
              { question: 'What are your fees?', answer: 'Our sales fee is 1.2% plus VAT on completion, with no fee if your home does not sell. Lettings fees depend on the service; ask us for a quote.' },
              { question: 'Is there a minimum contract?', answer: 'Our sole agency agreement runs for ten weeks, after which you can give two weeks\' notice at any time.' },
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
          id: 'hours',
          type: 'openingHours',
          content: {
            heading: 'Office hours',
            hours: [
              { day: 'monday', opens: '09:00', closes: '17:30' },
              { day: 'tuesday', opens: '09:00', closes: '17:30' },
              { day: 'wednesday', opens: '09:00', closes: '17:30' },
              { day: 'thursday', opens: '09:00', closes: '17:30' },
              { day: 'friday', opens: '09:00', closes: '17:30' },
              { day: 'saturday', opens: '09:30', closes: '13:00' },
            ],
            closedLabel: 'Closed (viewings by appointment)',
          },
        },
        {
          id: 'office',
          type: 'map',
          content: {
            heading: 'Our office',
            address: '{{business.name}}\n{{business.address}}',
          },
        },
        {
          id: 'message',
          type: 'contactForm',
          content: {
            heading: 'Arrange a viewing or ask a question',
            intro: 'Tell us which property you are interested in, or what you are looking for.',
            phone: 'optional',
          },
        },
      ],
    },
  ],
})
