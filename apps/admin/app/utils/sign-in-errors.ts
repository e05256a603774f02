// Codes the server puts in `/sign-in?error=` (Google sign-in redirects there), as sentences.
// Unknown codes get a generic sentence: the page never shows text taken from the URL.
const SIGN_IN_ERRORS: Record<string, string> = {
  google_state: 'Your Google sign-in expired or was started in another tab. Please try again.',
  google_cancelled: 'Google sign-in was cancelled.',
  google_failed: 'Google sign-in did not complete. Please try again.',
  google_invalid_token: 'We could not verify the answer from Google. Please try again.',
  google_unavailable: 'Google did not answer. Please try again in a moment.',
  google_no_email: 'Google did not share your email address, which we need to sign you in. Try again and allow it.',
  google_email_unverified: 'Google has not verified the email address of that Google account, so it cannot be used to create an account. Sign up with email and password instead.',
  google_email_unverified_existing: 'An account with this email already exists, and Google has not verified that the address is yours. Sign in with your password or an emailed link instead.',
  google_account_mismatch: 'This account is linked to a different Google account. Sign in with that one, or with your password.',
  google_account_deleted: 'The account with this email address was deleted. The address can be used again once the deletion is final.',
  google_conflict: 'Your account changed while you were signing in. Please try again.',
  rate_limited: 'Too many sign-in attempts. Please try again later.',
}

export function signInErrorMessage(code: string): string {
  return SIGN_IN_ERRORS[code] ?? 'Sign-in did not complete. Please try again.'
}
