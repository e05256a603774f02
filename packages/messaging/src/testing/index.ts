// One fake Resend for outbound and inbound email: the adapter package's.
export { startFakeResend as startFakeResendServer, type FakeResend as FakeResendServer, type FakeResendRequest, type FakeResendError } from '@flectar/resend/fake'
export { emailScrollWidth } from './email-scroll-width'
