import { z } from 'zod'
import { localPath, singleLineText } from '@flectar/validation'

// Shared by the API (server validation) and the admin forms (same messages in the browser).
// Browser-safe: imports nothing but zod and @flectar/validation.

export const emailSchema = z.string().trim().min(1, 'Enter your email address').max(254, 'That email address is too long').pipe(z.email('Enter a valid email address'))
export const newPasswordSchema = z.string().min(10, 'Use at least 10 characters').max(200, 'Use at most 200 characters')
export const roleSchema = z.enum(['owner', 'admin', 'editor', 'viewer'], { error: 'Choose a role' })

/** A person's name or an org's: one line (a typed newline becomes a space), no control characters. */
const nameSchema = (min = 0, required?: string) => singleLineText({ min, max: 100, required })

export const signUpSchema = z.object({
  name: nameSchema(1, 'Enter your name'),
  surname: nameSchema().default(''),
  email: emailSchema,
  password: newPasswordSchema,
  organizationName: nameSchema(2, 'Enter your business name'),
})

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password').max(200),
})

export const twoFactorSchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code from your app').optional(),
  recoveryCode: z.string().trim().min(10, 'Enter one of your recovery codes').max(20).optional(),
}).refine(value => Boolean(value.code) !== Boolean(value.recoveryCode), { message: 'Enter a code from your app or a recovery code', path: ['code'] })

export const tokenSchema = z.object({ token: z.string().min(16, 'This link is incomplete').max(200) })
// `redirect`: the local page to open once signed in (anything else becomes `/`).
export const requestLinkSchema = z.object({ email: emailSchema, redirect: z.unknown().transform(localPath).optional() })
export const resetPasswordSchema = z.object({ token: z.string().min(16).max(200), password: newPasswordSchema })
export const changePasswordSchema = z.object({ currentPassword: z.string().min(1, 'Enter your current password').max(200), newPassword: newPasswordSchema })
export const confirmTotpSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code from your app') })
export const reauthenticateSchema = z.object({ password: z.string().min(1, 'Enter your password').max(200) })

export const organizationSchema = z.object({ name: nameSchema(2, 'Enter a name') })
export const updateOrganizationSchema = z.object({
  name: nameSchema(2, 'Enter a name').optional(),
  requireTwoFactor: z.boolean().optional(),
})
export const invitationSchema = z.object({ email: emailSchema, role: roleSchema })
export const changeRoleSchema = z.object({ role: roleSchema })
export const acceptInvitationSchema = z.object({
  token: z.string().min(16).max(200),
  name: nameSchema(1, 'Enter your name').optional(),
  password: newPasswordSchema.optional(),
})

/** `+`, country code and number: 7 to 15 digits once spaces, dots, dashes and brackets are removed. */
export const phoneSchema = z.string().trim().max(32, 'That phone number is too long')
  .transform(value => value.replace(/[\s().-]/g, ''))
  .refine(value => value === '' || /^\+\d{7,15}$/.test(value), 'Enter the number with its country code, like +34 600 123 456')
export const profileSchema = z.object({
  name: nameSchema(1, 'Enter your name'),
  surname: nameSchema().optional(),
  phone: phoneSchema.optional(),
})
export const changeEmailSchema = z.object({ newEmail: emailSchema, password: z.string().min(1, 'Enter your password').max(200) })
export const deleteAccountSchema = reauthenticateSchema
