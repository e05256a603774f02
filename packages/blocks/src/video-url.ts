/** A video on a provider we can embed privately: YouTube (no-cookie domain) or Vimeo (dnt). */
export type VideoSource
  = | { provider: 'youtube', id: string, start?: number }
    | { provider: 'vimeo', id: string, hash?: string, start?: number }

export const VIDEO_PROVIDER_NAMES = { youtube: 'YouTube', vimeo: 'Vimeo' } as const

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com', 'youtube-nocookie.com', 'www.youtube-nocookie.com'])
const YOUTUBE_ID = /^[\w-]{11}$/
const VIMEO_HOSTS = new Set(['vimeo.com', 'www.vimeo.com', 'player.vimeo.com'])

/** `90`, `90s`, `1m30s`, `1h2m3s` -> seconds; undefined when absent or unreadable. */
function parseStartTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/.exec(value)
  if (!match || value === '') return undefined
  const seconds = Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0)
  return seconds > 0 ? seconds : undefined
}

function parseYouTube(url: URL): VideoSource | undefined {
  let id: string | undefined
  if (url.hostname === 'youtu.be') {
    id = url.pathname.split('/')[1]
  }
  else if (YOUTUBE_HOSTS.has(url.hostname)) {
    const [, first, second] = url.pathname.split('/')
    if (first === 'watch') id = url.searchParams.get('v') ?? undefined
    else if (first && ['embed', 'shorts', 'live', 'v'].includes(first)) id = second
  }
  if (!id || !YOUTUBE_ID.test(id)) return undefined
  const start = parseStartTime(url.searchParams.get('t') ?? url.searchParams.get('start'))
  return start ? { provider: 'youtube', id, start } : { provider: 'youtube', id }
}

function parseVimeo(url: URL): VideoSource | undefined {
  if (!VIMEO_HOSTS.has(url.hostname)) return undefined
  const segments = url.pathname.split('/').filter(Boolean)
  let id: string | undefined
  let hash: string | undefined
  if (url.hostname === 'player.vimeo.com') {
    if (segments[0] === 'video') id = segments[1]
  }
  else if (segments[0] === 'channels' && segments.length === 3) id = segments[2]
  else if (segments[0] === 'groups' && segments[2] === 'videos' && segments.length === 4) id = segments[3]
  else if (segments.length <= 2) [id, hash] = segments
  if (!id || !/^\d{1,12}$/.test(id)) return undefined
  hash = url.searchParams.get('h') ?? hash
  if (hash !== undefined && !/^[0-9a-f]{6,20}$/i.test(hash)) return undefined
  const start = parseStartTime(/^#t=(.+)$/.exec(url.hash)?.[1])
  return { provider: 'vimeo', id, ...(hash ? { hash } : {}), ...(start ? { start } : {}) }
}

/** Recognizes YouTube and Vimeo page, share and embed links; anything else is undefined. */
export function parseVideoUrl(input: string): VideoSource | undefined {
  let url: URL
  try {
    url = new URL(input.trim())
  }
  catch {
    return undefined
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
  if (url.username || url.password) return undefined
  return parseYouTube(url) ?? parseVimeo(url)
}

/** The privacy-enhanced player URL, autoplaying because it is only loaded on the visitor's click. */
export function videoEmbedUrl(video: VideoSource): string {
  if (video.provider === 'youtube') {
    const params = new URLSearchParams({ autoplay: '1', rel: '0' })
    if (video.start) params.set('start', String(video.start))
    return `https://www.youtube-nocookie.com/embed/${video.id}?${params}`
  }
  const params = new URLSearchParams({ dnt: '1', autoplay: '1' })
  if (video.hash) params.set('h', video.hash)
  return `https://player.vimeo.com/video/${video.id}?${params}${video.start ? `#t=${video.start}s` : ''}`
}

/** The video's own page, for a plain "watch on …" link. */
export function videoPageUrl(video: VideoSource): string {
  if (video.provider === 'youtube') return `https://www.youtube.com/watch?v=${video.id}${video.start ? `&t=${video.start}s` : ''}`
  return `https://vimeo.com/${video.id}${video.hash ? `/${video.hash}` : ''}${video.start ? `#t=${video.start}s` : ''}`
}
