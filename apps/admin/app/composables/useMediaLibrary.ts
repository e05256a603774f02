import type { MaybeRefOrGetter } from 'vue'
import type { ProjectApiAnswer, ProjectApiBase } from '~/utils/api-types'

/**
 * A media library entry as the admin API presents it (what an upload answers): a public one
 * has a site-relative `path` for blocks; a private one a link that works `urlExpiresInSeconds`.
 */
export type MediaAsset = ProjectApiAnswer<'/media', 'post'>

// Same rules as the server, checked here first so nobody waits for a doomed upload.
export const MEDIA_ACCEPT = 'image/png,image/jpeg,image/webp,image/avif,image/gif,application/pdf'
export const MEDIA_IMAGE_MAX_BYTES = 10 * 1024 * 1024
export const MEDIA_FILE_MAX_BYTES = 25 * 1024 * 1024

export function formatFileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`
  return `${bytes} bytes`
}

/** The media API base of the project in the current route, for the active org. */
export function useMediaBase(projectId?: string) {
  const route = useRoute()
  const orgId = useActiveOrgId()
  return computed((): `${ProjectApiBase}/media` => `/api/orgs/${orgId.value}/projects/${projectId ?? String(route.params.projectId)}/media`)
}

export class MediaUploadError extends Error {
  readonly fields: Record<string, string>
  constructor(message: string, fields: Record<string, string>) {
    super(message)
    this.fields = fields
  }
}

/**
 * Uploads one file as multipart form data with progress (fetch cannot report upload
 * progress; XMLHttpRequest can). Rejects with the server's message and field errors.
 */
export function useMediaUpload(base: MaybeRefOrGetter<string>) {
  const progress = ref<number>()
  const uploading = computed(() => progress.value !== undefined)

  function upload(file: File, options: { alt: string, private: boolean }): Promise<MediaAsset> {
    const body = new FormData()
    body.append('file', file)
    body.append('alt', options.alt)
    body.append('private', String(options.private))
    progress.value = 0
    return new Promise<MediaAsset>((resolve, reject) => {
      const request = new XMLHttpRequest()
      request.open('POST', toValue(base))
      request.responseType = 'json'
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100)
      }
      request.onload = () => {
        progress.value = undefined
        const response = request.response as (MediaAsset & { error?: { message?: string, fields?: Record<string, string> } }) | null
        if (request.status === 201 && response) return resolve(response)
        const message = request.status === 413 ? 'That file is too large to upload.' : response?.error?.message || 'The upload failed. Try again.'
        reject(new MediaUploadError(message, response?.error?.fields ?? {}))
      }
      request.onerror = () => {
        progress.value = undefined
        reject(new MediaUploadError('The upload failed. Check your connection and try again.', {}))
      }
      request.send(body)
    })
  }

  return { upload, progress, uploading }
}
