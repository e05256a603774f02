/**
 * The run's messaging providers are local fakes started by the global setup, and every app is
 * pointed at them (RESEND_BASE_URL, TWILIO_API_URL, WHATSAPP_API_URL), as a test deployment
 * would be. Email goes through the fake Resend; a site that connects SMS or WhatsApp with these
 * credentials sends on the fakes. Tests drive the fakes over their `/_fake/…` routes.
 */
export const E2E_RESEND = { apiKey: 're_FlectarE2eRunResendKey', webhookSecret: 'whsec_RmxlY3RhckUyZVJ1blJlc2VuZFNpZ25pbmc=' }
export const E2E_TWILIO = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'flectar-e2e-run-twilio-token', fromNumber: '+34910000001' }
export const E2E_WHATSAPP = { phoneNumberId: '106540352242922', accessToken: 'EAAFlectarE2eRunWhatsAppToken', appSecret: 'flectar-e2e-run-meta-app-secret', verifyToken: 'flectar-e2e-run-verify-token' }
/** Every address at it reaches the inbox of the site whose slug is before the @. */
export const E2E_INBOUND_DOMAIN = 'inbox.flectar.localhost'
