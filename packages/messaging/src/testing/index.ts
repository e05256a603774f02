export { startFakeResendServer, type FakeResendServer, type FakeResendRequest, type FakeResendError } from './start-fake-resend-server'
export { emailScrollWidth } from './email-scroll-width'
