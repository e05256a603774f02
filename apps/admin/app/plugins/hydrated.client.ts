// Marks the page once Vue has hydrated, so browser tests (and CSS) can tell a live page
// from server-rendered HTML whose buttons do nothing yet.
export default defineNuxtPlugin((nuxtApp) => {
  nuxtApp.hook('app:suspense:resolve', () => {
    document.documentElement.dataset.hydrated = 'true'
  })
})
