import type { ProjectApiBase } from '~/utils/api-types'

interface SiteIdentity { origin: string, name: string }
const loading = new Map<string, Promise<SiteIdentity>>()

/**
 * The public origin and name of the project in the current route, for what the editor shows
 * from the site itself: image thumbnails of site paths, the search-result preview. Read in the
 * browser once per project however many fields ask, and undefined until then: a fetch during
 * server rendering would be an async boundary on the server only, and shift the ids that tie
 * the fields' labels to them (see ShellStableIds).
 */
export function useSiteOrigin() {
  const route = useRoute()
  const orgId = useActiveOrgId()
  const projectId = String(route.params.projectId)
  const site = useState<SiteIdentity | undefined>(`site-origin-${projectId}`, () => undefined)
  onMounted(async () => {
    if (site.value) return
    const url: ProjectApiBase = `/api/orgs/${orgId.value}/projects/${projectId}`
    let request = loading.get(url)
    if (!request) {
      request = $fetch(url).then(project => ({ origin: new URL(project.siteUrl).origin, name: project.name }))
      loading.set(url, request)
      request.catch(() => loading.delete(url))
    }
    site.value = await request.catch(() => undefined)
  })
  return {
    origin: computed(() => site.value?.origin),
    siteName: computed(() => site.value?.name),
    /** A site path (`/media/…`) as a full URL; full URLs and blanks stay as they are. */
    absolute: (url: string | undefined) => (url && url.startsWith('/') && !url.startsWith('//') && site.value ? `${site.value.origin}${url}` : url || undefined),
  }
}
