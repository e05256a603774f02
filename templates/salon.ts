import { defineTemplate } from '@flectar/blocks'

const image = (name: string) => `/templates/salon/images/${name}.svg`

export const salon = defineTemplate({
  key: 'salon',
  name: 'Hair salon',
  description: 'A warm salon site with online booking, a price list, the team, a gallery of work, opening hours and a map.',
  category: 'beauty',
  theme: {
    palette: { primary: '#7c3a55', accent: '#c08a3e', background: '#fffaf7', text: '#2b1d22' },
    typography: { heading: 'playfair', body: 'dm-sans' },
    radius: 'lg',
    mode: 'light',
  },
  navigation: {
    header: [
      { label: 'Services', href: '/services' },
      { label: 'Team', href: '/team' },
      { label: 'Gallery', href: '/gallery' },
      { label: 'Visit us', href: '/contact' },
      { label: 'Book', href: '/book' },
    ],
    footer: [
      { label: 'Prices', href: '/services' },
      { label: 'Opening hours', href: '/contact#block-hours' },
      { label: 'Instagram', href: 'https://www.instagram.com/' },
      { label: '{{business.email}}', href: '{{business.emailHref}}' },
      { label: '{{business.phone}}', href: '{{business.phoneHref}}' },
    ],
  },
  modules: ['bookings', 'messages'],
  bookings: {
    services: [
      { name: 'Cut & blow-dry', description: 'A consultation, wash, cut and blow-dry.', durationMinutes: 45, price: 48, bufferAfterMinutes: 15 },
      { name: 'Restyle cut & finish', description: 'A new shape, with time to talk it through first.', durationMinutes: 60, price: 58, bufferAfterMinutes: 15 },
      { name: 'Curly cut', description: 'Cut dry, curl by curl, with a styling lesson.', durationMinutes: 75, price: 62, bufferAfterMinutes: 15 },
      { name: 'Root colour', description: 'Roots refreshed, with a gloss finish.', durationMinutes: 90, price: 65, bufferAfterMinutes: 15 },
      { name: 'Blow-dry', durationMinutes: 30, price: 32 },
    ],
    hours: [
      { weekday: 2, start: '09:30', end: '18:00' },
      { weekday: 3, start: '09:30', end: '18:00' },
      { weekday: 4, start: '11:00', end: '20:30' },
      { weekday: 5, start: '09:30', end: '18:00' },
      { weekday: 6, start: '09:00', end: '17:00' },
    ],
  },
  locales: ['en'],
  pages: [
    {
      path: '/',
      title: 'Home',
      seo: { metaTitle: '{{business.name}}', metaDescription: 'Cuts, colour and care in a calm, light-filled studio. Book online in under a minute.' },
      blocks: [
        {
          id: 'welcome',
          type: 'hero',
          content: {
            eyebrow: '{{business.name}}',
            heading: 'Hair that feels like you, only better',
            subheading: 'Precision cuts, lived-in colour and honest advice in a calm, light-filled studio. Book online in under a minute.',
            ctaLabel: 'Book an appointment',
            ctaHref: '/book',
            secondaryCtaLabel: 'See prices',
            secondaryCtaHref: '/services',
            image: { url: image('hero'), alt: 'Illustration of arched salon mirrors in plum, rose and gold' },
            layout: 'split',
          },
        },
        {
          id: 'services',
          type: 'featureGrid',
          content: {
            heading: 'What we do best',
            intro: 'Every appointment starts with a proper consultation, so you leave with hair that suits your life, not just the mirror.',
            columns: '3',
            items: [
              { title: 'Cuts & styling', text: 'From a sharp bob to soft layers, cut for how your hair grows and how you wear it.', linkLabel: 'Cut prices', href: '/services#block-cuts' },
              { title: 'Colour', text: 'Balayage, glosses and grey blending with ammonia-free colour and a strand test first.', linkLabel: 'Colour prices', href: '/services#block-colour' },
              { title: 'Treatments', text: 'Bond repair, scalp care and smoothing that make the next six weeks easier.', linkLabel: 'Treatment prices', href: '/services#block-treatments' },
            ],
          },
        },
        {
          id: 'reviews',
          type: 'testimonials',
          example: true,
          content: {
            heading: 'Kind words from our chairs',
            items: [
              { quote: 'Priya listened to everything I hated about my last colour and fixed it in one visit. I have never had so many compliments.', author: 'Hannah R.', role: 'Balayage client', rating: 5 },
              { quote: 'Calm, unhurried and genuinely good at what they do. Booking online at midnight was a bonus.', author: 'Dev P.', role: 'Regular since 2019', rating: 5 },
              { quote: 'Marcus gave my curls their shape back. I finally know how to style them at home.', author: 'Leila M.', role: 'Curly cut', rating: 5 },
            ],
          },
        },
        {
          id: 'book',
          type: 'bookingWidget',
          content: {
            heading: 'Your next appointment is a minute away',
            text: 'Choose a service and a time that suits you. We send a reminder the day before.',
            buttonLabel: 'Book now',
            mode: 'button',
            note: 'Free cancellation up to 24 hours before.',
          },
        },
      ],
    },
    {
      path: '/services',
      title: 'Services & prices',
      seo: { metaDescription: 'Prices for cuts, colour and treatments at {{business.name}}. Every colour service includes a consultation and strand test.' },
      blocks: [
        {
          id: 'intro',
          type: 'richText',
          content: {
            html: '<h2>Services &amp; prices</h2><p>Prices depend on the length and thickness of your hair and on who you book with. Not sure what you need? Book a free 15-minute <strong>consultation</strong> and we will tell you honestly.</p>',
          },
        },
        {
          id: 'cuts',
          type: 'pricingTable',
          content: {
            heading: 'Cuts & styling',
            layout: 'list',
            items: [
              { name: 'Restyle cut & finish', price: 'from {{price:58}}', description: 'A new shape, with time to talk it through first.' },
              { name: 'Cut & blow-dry', price: 'from {{price:48}}' },
              { name: 'Curly cut', price: 'from {{price:62}}', description: 'Cut dry, curl by curl, with a styling lesson.' },
              { name: 'Fringe trim', price: '{{price:12}}' },
              { name: 'Blow-dry', price: 'from {{price:32}}' },
              { name: 'Occasion hair', price: 'from {{price:55}}', description: 'Up-dos and styling for weddings and events.' },
            ],
          },
        },
        {
          id: 'colour',
          type: 'pricingTable',
          content: {
            heading: 'Colour',
            layout: 'list',
            items: [
              { name: 'Balayage', price: 'from {{price:145}}', description: 'Hand-painted, soft grow-out. Includes gloss and finish.', highlighted: true },
              { name: 'Full head highlights', price: 'from {{price:120}}' },
              { name: 'Root colour', price: 'from {{price:65}}' },
              { name: 'Gloss / toner', price: '{{price:38}}' },
              { name: 'Grey blending', price: 'from {{price:70}}' },
            ],
            note: 'A skin test is needed 48 hours before any colour service if you are new to us or have not had colour in six months.',
          },
        },
        {
          id: 'treatments',
          type: 'pricingTable',
          content: {
            heading: 'Treatments',
            layout: 'list',
            items: [
              { name: 'Bond repair treatment', price: '{{price:28}}', description: 'Add to any service.' },
              { name: 'Scalp detox & massage', price: '{{price:35}}' },
              { name: 'Smoothing treatment', price: 'from {{price:150}}', description: 'Frizz control for up to three months.' },
            ],
          },
        },
        {
          id: 'questions',
          type: 'faq',
          content: {
            heading: 'Good to know',
            items: [
              { question: 'How do I know which stylist to book?', answer: 'Every stylist does cuts and colour. Priya specialises in blonde and balayage, Marcus in curly and textured hair. If in doubt, book a free consultation.' },
              { question: 'What if I need to cancel?', answer: 'Cancel or move your appointment from the link in your confirmation email, free of charge, up to 24 hours before.\n\nLate cancellations and missed appointments may be charged at 50% of the service.' },
              { question: 'Do you use vegan products?', answer: 'Yes. Our colour and care ranges are vegan and cruelty-free, and we recycle foils, colour tubes and hair clippings.' },
            ],
          },
        },
        {
          id: 'booking',
          type: 'bookingWidget',
          content: {
            heading: 'Book your appointment',
            text: 'Pick a service, a stylist and a time. You will get a confirmation by email straight away.',
            buttonLabel: 'Choose a time',
            note: 'Free cancellation up to 24 hours before.',
          },
        },
      ],
    },
    {
      path: '/team',
      title: 'Our team',
      blocks: [
        {
          id: 'people',
          type: 'team',
          example: true,
          content: {
            heading: 'The people behind the chair',
            intro: 'Three stylists, one shared obsession: hair that still looks good on day five.',
            members: [
              { name: 'Ana Moreno', role: 'Founder & creative director', bio: 'Ten years behind the chair; cuts with precision and a strong eye for shape.', image: { url: image('team-ana'), alt: 'Portrait of Ana Moreno' } },
              { name: 'Marcus Hale', role: 'Senior stylist, curl specialist', bio: 'Certified in curly cutting; believes every curl pattern deserves its own plan.', image: { url: image('team-marcus'), alt: 'Portrait of Marcus Hale' } },
              { name: 'Priya Shah', role: 'Colour director', bio: 'Lived-in blondes and soft balayage that grows out beautifully.', image: { url: image('team-priya'), alt: 'Portrait of Priya Shah' } },
            ],
          },
        },
        {
          id: 'approach',
          type: 'columns',
          content: {
            heading: 'How we work',
            columns: [
              { heading: 'Consultation first', body: '<p>We ask about your routine, your history and what you love, before a single snip.</p>' },
              { heading: 'Honest advice', body: '<p>If a look will not work for your hair, we say so and suggest one that will.</p>' },
              { heading: 'Kind to hair', body: '<p>Bond-building in every lightening service and products we would use ourselves.</p>' },
            ],
          },
        },
        {
          id: 'studio',
          type: 'image',
          content: {
            image: { url: image('interior'), alt: 'Illustration of the studio: an arched window, a styling chair and a plant' },
            caption: 'Our studio: four chairs, lots of daylight.',
            width: 'wide',
          },
        },
      ],
    },
    {
      path: '/gallery',
      title: 'Gallery',
      blocks: [
        {
          id: 'work',
          type: 'gallery',
          content: {
            heading: 'Recent work',
            columns: '3',
            lightbox: true,
            items: [
              { image: { url: image('work-1'), alt: 'Soft plum and gold waves' }, caption: 'Copper balayage' },
              { image: { url: image('work-2'), alt: 'Rose and plum layered shapes' }, caption: 'Textured bob' },
              { image: { url: image('work-3'), alt: 'Blush waves over deep plum' }, caption: 'Curly cut and define' },
              { image: { url: image('work-4'), alt: 'Gold and rose ribbons on cream' }, caption: 'Lived-in blonde' },
              { image: { url: image('work-5'), alt: 'Cream and plum curves on rose' }, caption: 'Gloss and blow-dry' },
              { image: { url: image('work-6'), alt: 'Cream and plum waves on gold' }, caption: 'Occasion up-do' },
            ],
          },
        },
        { id: 'divider', type: 'spacer', content: { style: 'line', size: 'md' } },
        {
          id: 'more',
          type: 'callToAction',
          content: {
            heading: 'Seen something you love?',
            text: 'Bring a photo to your consultation and we will make it work for your hair.',
            buttonLabel: 'Book a consultation',
            buttonHref: '/book',
            tone: 'subtle',
          },
        },
      ],
    },
    {
      path: '/contact',
      title: 'Visit us',
      seo: { metaDescription: 'Find {{business.name}} at {{business.addressLine}}: opening hours, map and how to get in touch.' },
      blocks: [
        {
          id: 'hours',
          type: 'openingHours',
          content: {
            heading: 'Opening hours',
            hours: [
              { day: 'tuesday', opens: '09:30', closes: '18:00' },
              { day: 'wednesday', opens: '09:30', closes: '18:00' },
              { day: 'thursday', opens: '11:00', closes: '20:30' },
              { day: 'friday', opens: '09:30', closes: '18:00' },
              { day: 'saturday', opens: '09:00', closes: '17:00' },
            ],
            closedLabel: 'Closed',
            note: 'Late opening on Thursdays.',
          },
        },
        {
          id: 'map',
          type: 'map',
          content: {
            heading: 'Find us',
            address: '{{business.name}}\n{{business.address}}',
          },
        },
        {
          id: 'contact',
          type: 'contactForm',
          content: {
            heading: 'Questions? Write to us',
            intro: 'For bookings, use the booking page; for everything else, call {{business.phone}}, email {{business.email}} or write here: we reply within a day.',
            phone: 'optional',
            privacyNote: 'We use your details only to answer your message and delete them after 12 months.',
          },
        },
      ],
    },
  ],
})
