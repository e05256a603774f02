import type { InternalApi } from 'nitropack/types'
import type { SiteFrameProject } from '~/components/SiteFrame.vue'

/** What the booking pages know about the site they are on (`/api/_site/booking-context`). */
export type BookingContext = InternalApi['/api/_site/booking-context']['get']

/**
 * The site this booking page is on: the Host decides the project, as for content pages.
 * A host that is not a site throws its 404 page.
 */
export async function useBookingContext(): Promise<BookingContext> {
  const { data, error } = await useFetch('/api/_site/booking-context', {
    headers: useRequestHeaders(['host', 'x-forwarded-host']),
  })
  if (error.value || !data.value) {
    throw createError({
      statusCode: error.value?.statusCode ?? 404,
      statusMessage: apiError(error.value)?.message ?? 'Page not found',
      data: apiError(error.value),
      fatal: true,
    })
  }
  return data.value
}

/** The frame's view of the project (header and footer). */
export function frameProjectOf(context: BookingContext): SiteFrameProject {
  return { name: context.name, navigation: context.navigation, branding: context.branding, defaultLocale: context.locale }
}

/** Title, language, theme and robots of a booking page, like the site's content pages. */
export function useBookingHead(context: BookingContext, title: string, options: { noindex?: boolean } = {}): void {
  useHead({
    htmlAttrs: { 'lang': context.locale, 'data-theme-mode': context.theme.mode },
    title: `${title} · ${context.name}`,
    style: [{ key: 'theme', innerHTML: context.theme.css }],
    link: context.branding.favicon ? [{ rel: 'icon', href: context.branding.favicon.url }] : [],
    meta: options.noindex ? [{ name: 'robots', content: 'noindex, nofollow' }] : [],
  })
}

/**
 * In a frame (`?embed=1`), tells the parent page how tall the content is, whenever it
 * changes, so the embed script can size the frame: `{ type: 'flectar:height', height }`.
 */
export function usePostHeightToParent(root: Ref<HTMLElement | null | undefined>): void {
  let observer: ResizeObserver | undefined
  onMounted(() => {
    if (window.parent === window || !root.value || typeof ResizeObserver === 'undefined') return
    let last = 0
    observer = new ResizeObserver(() => {
      const height = Math.ceil(root.value?.getBoundingClientRect().height ?? 0)
      if (height === last) return
      last = height
      window.parent.postMessage({ type: 'flectar:height', height }, '*')
    })
    observer.observe(root.value)
  })
  onBeforeUnmount(() => observer?.disconnect())
}
