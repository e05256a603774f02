import { getTurnstileSettings, TURNSTILE_DEV_KEYS } from '@flectar/messaging'

// Turnstile on the site's public forms as Settings › Spam protection shows it: the secret only
// by its last characters, with Cloudflare's test keys for trying it out on localhost.
export default defineEventHandler(async (event) => {
  const { db, scope } = await requireProjectAccess(event, 'admin')
  return { ...await getTurnstileSettings(db, scope), testKeys: TURNSTILE_DEV_KEYS }
})
