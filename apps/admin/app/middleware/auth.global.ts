import { localPath } from '@flectar/validation'

// Pages anyone may open; every other page needs a session.
const PUBLIC_PAGES = ['/sign-in', '/sign-up', '/verify-email', '/forgot-password', '/reset-password', '/magic-link', '/confirm-email', '/dev/mailbox']

export default defineNuxtRouteMiddleware(async (to) => {
  const isPublic = PUBLIC_PAGES.includes(to.path) || to.path.startsWith('/invitations/')
  const { me, refresh } = useAuth()
  if (!me.value) await refresh()
  if (!me.value && !isPublic) return navigateTo({ path: '/sign-in', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } })
  // Already signed in (another tab, a back button, an old link): straight on to where sign-in leads.
  if (me.value && to.path === '/sign-in') return navigateTo(localPath(to.query.redirect))
})
