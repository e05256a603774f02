/** The active org's id, or throws to the error page when the user has none. */
export function useActiveOrgId() {
  const { activeOrg } = useAuth()
  return computed(() => activeOrg.value?.id ?? '')
}
