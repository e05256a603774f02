import type { ApiAnswer } from '~/utils/api-types'

type MeAnswer = ApiAnswer<'/api/auth/me'>
export type Me = MeAnswer & { user: NonNullable<MeAnswer['user']> }

/** The signed-in user, their orgs and the active one, shared by every page. */
export function useAuth() {
  const me = useState<Me | null>('me', () => null)
  const requestFetch = useRequestFetch()

  async function refresh(): Promise<Me | null> {
    try {
      const answer = await requestFetch('/api/auth/me')
      // requireAuth loaded the user; a profile gone in between reads as signed out.
      me.value = answer.user ? { ...answer, user: answer.user } : null
    }
    catch {
      me.value = null
    }
    return me.value
  }

  async function signOut() {
    await $fetch('/api/auth/sign-out', { method: 'POST' })
    me.value = null
    await navigateTo('/sign-in')
  }

  const activeOrg = computed(() => me.value?.organizations.find(org => org.id === me.value?.activeOrgId) ?? null)
  const canManageOrg = computed(() => activeOrg.value?.role === 'owner' || activeOrg.value?.role === 'admin')
  /** Editors and up change content and bookings; viewers only look. */
  const canEdit = computed(() => !!activeOrg.value && activeOrg.value.role !== 'viewer')
  // The version in the URL changes with each new image, so the cached one is never stale.
  const avatarUrl = computed(() => me.value?.user.avatarVersion ? `/api/account/avatar?v=${encodeURIComponent(me.value.user.avatarVersion)}` : undefined)

  return { me, refresh, signOut, activeOrg, canManageOrg, canEdit, avatarUrl }
}
