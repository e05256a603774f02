// Which sign-in providers are configured, so the sign-in page shows only those.
export default defineEventHandler(() => ({ google: Boolean(useGoogleSignInConfig()) }))
