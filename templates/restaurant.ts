import { defineTemplate } from '@flectar/blocks'

const image = (name: string) => `/templates/restaurant/images/${name}.svg`

export const restaurant = defineTemplate({
  key: 'restaurant',
  name: 'Restaurant',
  description: 'A restaurant site with the menu, a gallery of dishes, opening hours with a lunch break, a map and enquiries for private dining.',
  category: 'food',
  theme: {
    palette: { primary: '#9a3412', accent: '#4d7c0f', background: '#fffbf5', text: '#1c1917' },
    typography: { heading: 'lora', body: 'inter' },
    radius: 'sm',
    mode: 'light',
  },
  navigation: {
    header: [
      { label: 'Menu', href: '/menu' },
      { label: 'Private dining', href: '/private-dining' },
      { label: 'Visit', href: '/visit' },
      { label: 'Reserve', href: '{{business.phoneHref}}' },
    ],
    footer: [
      { label: 'Menu', href: '/menu' },
      { label: 'Opening hours', href: '/visit#block-hours' },
      { label: 'Allergens', href: '/menu#block-allergens' },
      { label: '{{business.phone}}', href: '{{business.phoneHref}}' },
      { label: '{{business.email}}', href: '{{business.emailHref}}' },
      { label: 'Instagram', href: 'https://www.instagram.com/' },
    ],
  },
  modules: ['menu', 'messages'],
  locales: ['en'],
  pages: [
    {
      path: '/',
      title: 'Home',
      seo: { metaTitle: '{{business.name}} · Wood-fired kitchen', metaDescription: 'Seasonal small plates cooked over wood, natural wines and a warm welcome at {{business.name}}.' },
      blocks: [
        {
          id: 'welcome',
          type: 'hero',
          content: {
            eyebrow: '{{business.name}} · Wood-fired kitchen',
            heading: 'Cooked over fire, made for sharing',
            subheading: 'Seasonal small plates from a wood-fired grill, bread baked every morning and natural wines by the glass.',
            ctaLabel: 'See the menu',
            ctaHref: '/menu',
            secondaryCtaLabel: 'Reserve a table',
            secondaryCtaHref: '{{business.phoneHref}}',
            image: { url: image('hero'), alt: 'Illustration of glowing embers under a dark evening sky' },
            layout: 'background',
          },
        },
        {
          id: 'story',
          type: 'richText',
          content: {
            html: '<h2>A kitchen built around the fire</h2><p>{{business.name}} cooks on a custom wood-fired grill, using vegetables from nearby farms and fish landed the same morning.</p><p>The menu changes with what is good that week. Ask us what we are excited about.</p>',
          },
        },
        {
          id: 'highlights',
          type: 'featureGrid',
          content: {
            columns: '3',
            items: [
              { title: 'Seasonal', text: 'Our menu changes weekly with what our farmers and fishermen bring.' },
              { title: 'Natural wine', text: 'Thirty low-intervention wines, ten of them by the glass.' },
              { title: 'Groups welcome', text: 'A private room for up to 18 guests, with sharing menus.', linkLabel: 'Private dining', href: '/private-dining' },
            ],
          },
        },
        {
          id: 'dishes',
          type: 'gallery',
          content: {
            heading: 'From the grill',
            columns: '3',
            lightbox: true,
            items: [
              { image: { url: image('dish-1'), alt: 'A plate of charred greens, tomato and saffron aioli' }, caption: 'Hispi cabbage, saffron aioli' },
              { image: { url: image('dish-2'), alt: 'A plate of grilled squash with herbs' }, caption: 'Delica squash, brown butter' },
              { image: { url: image('dish-3'), alt: 'A plate of olives, burrata and tomato' }, caption: 'Burrata, blood orange' },
              { image: { url: image('dish-4'), alt: 'A plate of tomatoes and herbs on a dark table' }, caption: 'Heritage tomatoes' },
              { image: { url: image('dish-5'), alt: 'A plate of grilled lamb with olives' }, caption: 'Lamb chops, salsa verde' },
              { image: { url: image('dish-6'), alt: 'A plate of flatbread with red pepper' }, caption: 'Flatbread, whipped feta' },
            ],
          },
        },
        {
          id: 'reviews',
          type: 'testimonials',
          example: true,
          content: {
            heading: 'Guests and critics',
            items: [
              { quote: 'The kind of neighbourhood place every street deserves: smoky, generous and unpretentious.', author: 'The Evening Review', role: 'Restaurant of the week' },
              { quote: 'We came for a birthday and stayed until closing. The cabbage alone is worth the trip.', author: 'Marta & Joe', rating: 5 },
            ],
          },
        },
        {
          id: 'reserve',
          type: 'callToAction',
          content: {
            heading: 'Book a table',
            text: 'Call us to reserve, or walk in: we keep half the room for walk-ins every night.',
            buttonLabel: 'Call {{business.phone}}',
            buttonHref: '{{business.phoneHref}}',
            tone: 'primary',
          },
        },
      ],
    },
    {
      path: '/menu',
      title: 'Menu',
      seo: { metaDescription: 'This week\'s menu at {{business.name}}: small plates, dishes from the grill, desserts and natural wine.' },
      blocks: [
        {
          id: 'menu-intro',
          type: 'richText',
          content: {
            html: '<h2>This week\'s menu</h2><p>Dishes are made for sharing; we suggest two or three plates per person. <em>(v)</em> vegetarian, <em>(vg)</em> vegan.</p>',
          },
        },
        {
          id: 'small-plates',
          type: 'pricingTable',
          content: {
            heading: 'Small plates',
            layout: 'list',
            items: [
              { name: 'Sourdough, cultured butter (v)', price: '{{price:5}}' },
              { name: 'Gordal olives, orange zest (vg)', price: '{{price:5}}' },
              { name: 'Burrata, blood orange, chilli honey (v)', price: '{{price:11}}' },
              { name: 'Flatbread, whipped feta, roasted peppers (v)', price: '{{price:9}}' },
              { name: 'Cured sea bream, fennel, lemon', price: '{{price:12}}' },
            ],
          },
        },
        {
          id: 'grill',
          type: 'pricingTable',
          content: {
            heading: 'From the grill',
            layout: 'list',
            items: [
              { name: 'Hispi cabbage, saffron aioli, crispy shallots (v)', price: '{{price:13}}', highlighted: true },
              { name: 'Delica squash, brown butter, sage (v)', price: '{{price:14}}' },
              { name: 'Whole mackerel, green sauce', price: '{{price:18}}' },
              { name: 'Lamb chops, salsa verde, anchovy', price: '{{price:24}}' },
              { name: 'Dry-aged sirloin for two, bone marrow gravy', price: '{{price:58}}' },
            ],
          },
        },
        {
          id: 'desserts',
          type: 'pricingTable',
          content: {
            heading: 'Desserts',
            layout: 'list',
            items: [
              { name: 'Burnt Basque cheesecake', price: '{{price:8}}' },
              { name: 'Grilled peaches, mascarpone, honey (v)', price: '{{price:8}}' },
              { name: 'Dark chocolate mousse, olive oil, sea salt (vg)', price: '{{price:7}}' },
            ],
          },
        },
        {
          id: 'drinks',
          type: 'pricingTable',
          content: {
            heading: 'By the glass',
            layout: 'list',
            items: [
              { name: 'Orange wine, Slovenia', price: '{{price:9}}' },
              { name: 'Skin-contact Grenache, Catalonia', price: '{{price:10}}' },
              { name: 'Pét-nat rosé, Loire', price: '{{price:9}}' },
              { name: 'House lemonade with rosemary', price: '{{price:4}}' },
            ],
            note: 'A discretionary 12.5% service charge is added to your bill and shared by the whole team.',
          },
        },
        {
          id: 'allergens',
          type: 'richText',
          content: {
            html: '<h3>Allergies and dietary needs</h3><p>Please tell your server about any allergies before ordering. Our kitchen handles nuts, gluten and shellfish, and we cannot guarantee any dish is free from traces. A full allergen list is available on request.</p>',
          },
        },
      ],
    },
    {
      path: '/private-dining',
      title: 'Private dining',
      blocks: [
        {
          id: 'room',
          type: 'columns',
          content: {
            heading: 'The private room',
            columns: [
              {
                heading: 'Up to 18 guests',
                body: '<p>Our private room sits beside the kitchen, with its own table and a view of the grill. Perfect for birthdays, team dinners and small celebrations.</p><p>Sharing menus from <strong>{{price:45}} per person</strong>.</p>',
              },
              {
                body: '<p>Tell us about your occasion and we will design the menu with you, including wine pairings and a cake from our pastry section.</p>',
                image: { url: image('dining-room'), alt: 'Illustration of the private dining room with an arched window, a long table and an olive tree' },
              },
            ],
          },
        },
        {
          id: 'questions',
          type: 'faq',
          content: {
            heading: 'Private dining questions',
            items: [
              { question: 'Is there a minimum spend?', answer: 'From Sunday to Thursday there is no minimum spend. On Friday and Saturday evenings the minimum spend is {{price:600}}.' },
              { question: 'Can you cater for dietary requirements?', answer: 'Yes. Let us know when you book and we will adapt the sharing menu for everyone at the table.' },
            ],
          },
        },
        {
          id: 'enquire',
          type: 'contactForm',
          content: {
            heading: 'Enquire about a date',
            intro: 'Tell us the date, the number of guests and the occasion. We reply within one working day.',
            phone: 'optional',
            messageLabel: 'Date, guests and occasion',
            submitLabel: 'Send enquiry',
          },
        },
      ],
    },
    {
      path: '/visit',
      title: 'Visit us',
      blocks: [
        {
          id: 'hours',
          type: 'openingHours',
          content: {
            heading: 'Opening hours',
            hours: [
              { day: 'wednesday', opens: '17:30', closes: '22:30' },
              { day: 'thursday', opens: '17:30', closes: '22:30' },
              { day: 'friday', opens: '12:00', closes: '15:00' },
              { day: 'friday', opens: '17:30', closes: '23:00' },
              { day: 'saturday', opens: '12:00', closes: '15:00' },
              { day: 'saturday', opens: '17:30', closes: '23:00' },
              { day: 'sunday', opens: '12:00', closes: '17:00' },
            ],
            closedLabel: 'Closed',
            note: 'The kitchen takes last orders 45 minutes before closing.',
          },
        },
        {
          id: 'map',
          type: 'map',
          content: {
            heading: 'Find us',
            address: '{{business.name}}\n{{business.address}}',
            linkLabel: 'Directions on OpenStreetMap',
          },
        },
        { id: 'divider', type: 'spacer', content: { style: 'line', size: 'sm' } },
        {
          id: 'getting-here',
          type: 'richText',
          content: {
            html: '<h3>Getting here</h3><p>We are at {{business.addressLine}}. The restaurant is step-free, with an accessible toilet on the ground floor.</p>',
          },
        },
      ],
    },
  ],
})
