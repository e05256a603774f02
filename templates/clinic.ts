import { defineTemplate } from '@flectar/blocks'

const image = (name: string) => `/templates/clinic/images/${name}.svg`

export const clinic = defineTemplate({
  key: 'clinic',
  name: 'Physiotherapy clinic',
  description: 'A clear, reassuring clinic site: treatments and fees, what to expect on a first visit, the team, online booking and directions.',
  category: 'health',
  theme: {
    palette: { primary: '#0e7490', accent: '#f59e0b', background: '#f8fafc', text: '#0f172a' },
    typography: { heading: 'inter', body: 'inter' },
    radius: 'md',
    mode: 'light',
  },
  navigation: {
    header: [
      { label: 'Treatments', href: '/treatments' },
      { label: 'Your first visit', href: '/first-visit' },
      { label: 'Team', href: '/team' },
      { label: 'Contact', href: '/contact' },
      { label: 'Book online', href: '/book' },
    ],
    footer: [
      { label: 'Fees', href: '/treatments#block-fees' },
      { label: 'First visit', href: '/first-visit' },
      { label: 'Call {{business.phone}}', href: '{{business.phoneHref}}' },
      { label: 'Email {{business.email}}', href: '{{business.emailHref}}' },
    ],
  },
  modules: ['bookings', 'messages'],
  bookings: {
    services: [
      { name: 'Initial assessment', description: 'Full assessment, first treatment and a written home plan.', durationMinutes: 45, price: 65, bufferAfterMinutes: 15 },
      { name: 'Follow-up', description: 'Treatment and an exercise review.', durationMinutes: 30, price: 50, bufferAfterMinutes: 15 },
      { name: 'Sports massage', description: 'Deep tissue work and stretching advice.', durationMinutes: 45, price: 55, bufferAfterMinutes: 15 },
    ],
    hours: [
      { weekday: 1, start: '07:30', end: '20:00' },
      { weekday: 2, start: '07:30', end: '20:00' },
      { weekday: 3, start: '07:30', end: '20:00' },
      { weekday: 4, start: '07:30', end: '20:00' },
      { weekday: 5, start: '07:30', end: '17:00' },
      { weekday: 6, start: '08:30', end: '13:00' },
    ],
  },
  locales: ['en'],
  pages: [
    {
      path: '/',
      title: 'Home',
      seo: { metaTitle: '{{business.name}}', metaDescription: 'Chartered physiotherapists for back pain, sports injuries and recovery after surgery. Appointments within 48 hours.' },
      blocks: [
        {
          id: 'welcome',
          type: 'hero',
          content: {
            eyebrow: 'Chartered physiotherapists',
            heading: 'Move without pain again',
            subheading: 'Back and neck pain, sports injuries and recovery after surgery, treated by chartered physiotherapists. Most patients are seen within 48 hours.',
            ctaLabel: 'Book an assessment',
            ctaHref: '/book',
            secondaryCtaLabel: 'What to expect',
            secondaryCtaHref: '/first-visit',
            image: { url: image('hero'), alt: 'Illustration of calm teal and mint waves under a warm sun' },
            layout: 'split',
          },
        },
        {
          id: 'conditions',
          type: 'featureGrid',
          content: {
            heading: 'How we can help',
            columns: '3',
            items: [
              { title: 'Back & neck pain', text: 'Hands-on treatment and a clear exercise plan to ease pain and stop it coming back.', image: { url: image('service-1'), alt: 'Abstract teal and mint shapes' } },
              { title: 'Sports injuries', text: 'Sprains, strains and running injuries, with a graded plan back to your sport.', image: { url: image('service-2'), alt: 'Abstract amber and teal shapes' } },
              { title: 'After surgery', text: 'Rehabilitation after knee, hip and shoulder operations, in step with your surgeon.', image: { url: image('service-3'), alt: 'Abstract blue, teal and mint shapes' } },
            ],
          },
        },
        {
          id: 'steps',
          type: 'columns',
          content: {
            heading: 'Three steps to feeling better',
            columns: [
              { heading: '1. Assessment', body: '<p>A 45-minute appointment to find the cause of your pain, not just where it hurts.</p>' },
              { heading: '2. Treatment', body: '<p>Manual therapy, acupuncture or shockwave where it helps, and exercises that fit your day.</p>' },
              { heading: '3. Staying well', body: '<p>A written home plan and a check-in call, so progress lasts after your last session.</p>' },
            ],
          },
        },
        {
          id: 'reviews',
          type: 'testimonials',
          example: true,
          content: {
            heading: 'What patients say',
            items: [
              { quote: 'After two years of on-and-off back pain, four sessions and a simple routine sorted it. I wish I had come sooner.', author: 'Graham T.', role: 'Lower back pain', rating: 5 },
              { quote: 'Helen got me from ACL surgery to my first 10k in seven months. Patient, encouraging and very knowledgeable.', author: 'Sophie L.', role: 'Knee rehabilitation', rating: 5 },
            ],
          },
        },
        {
          id: 'booking',
          type: 'bookingWidget',
          content: {
            heading: 'Book an appointment',
            text: 'Choose an initial assessment or a follow-up and a time that suits you. No GP referral needed.',
            buttonLabel: 'See available times',
            note: 'Most health insurers accepted. Free cancellation up to 24 hours before.',
          },
        },
      ],
    },
    {
      path: '/treatments',
      title: 'Treatments & fees',
      blocks: [
        {
          id: 'intro',
          type: 'richText',
          content: {
            html: '<h2>Treatments</h2><p>Every treatment plan starts with an assessment and is built around your goals, whether that is sleeping through the night or running a marathon.</p><ul><li>Manual therapy and soft-tissue massage</li><li>Exercise rehabilitation and Pilates-based work</li><li>Acupuncture and dry needling</li><li>Shockwave therapy for tendon problems</li></ul>',
          },
        },
        {
          id: 'fees',
          type: 'pricingTable',
          content: {
            heading: 'Fees',
            intro: 'You pay after each session. Receipts are emailed for your insurer.',
            layout: 'cards',
            items: [
              { name: 'Initial assessment', price: '{{price:65}}', description: '45 minutes', features: 'Full assessment\nFirst treatment\nWritten home plan', highlighted: true, ctaLabel: 'Book', ctaHref: '/book' },
              { name: 'Follow-up', price: '{{price:50}}', description: '30 minutes', features: 'Treatment\nExercise review', ctaLabel: 'Book', ctaHref: '/book' },
              { name: 'Sports massage', price: '{{price:55}}', description: '45 minutes', features: 'Deep tissue work\nStretching advice', ctaLabel: 'Book', ctaHref: '/book' },
            ],
            note: 'We work with Bupa, AXA Health, Vitality and Aviva. Check your cover before your first visit.',
          },
        },
        {
          id: 'questions',
          type: 'faq',
          content: {
            heading: 'Questions about treatment',
            items: [
              { question: 'Do I need a referral from my GP?', answer: 'No. You can book directly. If you are claiming on insurance, your insurer may ask for a GP referral, so check with them first.' },
              { question: 'How many sessions will I need?', answer: 'Most people need three to six sessions. We will give you an honest estimate at the end of your assessment.' },
              { question: 'Is acupuncture safe?', answer: 'Yes, when done by a trained practitioner. All our physiotherapists who offer it are members of the AACP and use single-use needles.' },
            ],
          },
        },
      ],
    },
    {
      path: '/first-visit',
      title: 'Your first visit',
      blocks: [
        {
          id: 'expect',
          type: 'richText',
          content: {
            html: '<h2>What to expect on your first visit</h2><p>Your first appointment lasts 45 minutes. We will ask about your symptoms, your health and what you want to get back to, then examine how you move.</p><h3>What to bring</h3><ul><li>A list of any medication you take</li><li>Scan or surgery reports, if you have them</li><li>Shorts or loose clothing, so we can see the area we are treating</li></ul><h3>Arriving</h3><p>Please arrive five minutes early. The clinic is on the ground floor with step-free access and two parking spaces at the back.</p>',
          },
        },
        {
          id: 'room',
          type: 'image',
          content: {
            image: { url: image('treatment-room'), alt: 'Illustration of a bright treatment room with a window and a treatment bench' },
            caption: 'One of our three private treatment rooms.',
            width: 'content',
          },
        },
        {
          id: 'more-questions',
          type: 'faq',
          content: {
            heading: 'Before you come',
            items: [
              { question: 'Can I bring someone with me?', answer: 'Of course. You are welcome to bring a friend or relative to any appointment.' },
              { question: 'What if I am in too much pain to come in?', answer: 'Call us. We offer video appointments for advice and exercises, and can arrange a home visit in some cases.' },
            ],
          },
        },
        {
          id: 'ready',
          type: 'callToAction',
          content: {
            heading: 'Ready to book?',
            text: 'Appointments are usually available within 48 hours, including early mornings and evenings.',
            buttonLabel: 'Book an assessment',
            buttonHref: '/book',
            tone: 'primary',
          },
        },
      ],
    },
    {
      path: '/team',
      title: 'Our team',
      blocks: [
        {
          id: 'physios',
          type: 'team',
          example: true,
          content: {
            heading: 'Meet your physiotherapists',
            intro: 'All our clinicians are chartered and registered with the Health and Care Professions Council.',
            members: [
              { name: 'Helen Carter', role: 'Clinical lead', bio: 'Specialist in knee and sports rehabilitation; former physio to a Championship rugby club.', image: { url: image('team-helen'), alt: 'Portrait of Helen Carter' } },
              { name: 'Tom Okafor', role: 'Senior physiotherapist', bio: 'Back and neck pain, desk-related problems and acupuncture.', image: { url: image('team-tom'), alt: 'Portrait of Tom Okafor' } },
              { name: 'Aisha Rahman', role: 'Physiotherapist', bio: 'Post-surgical rehabilitation and clinical Pilates.', image: { url: image('team-aisha'), alt: 'Portrait of Aisha Rahman' } },
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
            heading: 'Clinic hours',
            hours: [
              { day: 'monday', opens: '07:30', closes: '20:00' },
              { day: 'tuesday', opens: '07:30', closes: '20:00' },
              { day: 'wednesday', opens: '07:30', closes: '20:00' },
              { day: 'thursday', opens: '07:30', closes: '20:00' },
              { day: 'friday', opens: '07:30', closes: '17:00' },
              { day: 'saturday', opens: '08:30', closes: '13:00' },
            ],
            closedLabel: 'Closed',
          },
        },
        {
          id: 'map',
          type: 'map',
          content: {
            heading: 'How to find us',
            address: '{{business.name}}\n{{business.address}}',
          },
        },
        {
          id: 'message',
          type: 'contactForm',
          content: {
            heading: 'Send us a message',
            intro: 'Please do not include detailed medical information here; we will discuss it at your appointment.',
            phone: 'required',
            privacyNote: 'Messages are read by our reception team only and deleted after 12 months.',
          },
        },
      ],
    },
  ],
})
