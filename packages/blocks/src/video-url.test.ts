import { describe, expect, it } from 'vitest'
import { parseVideoUrl, videoEmbedUrl, videoPageUrl } from './video-url'

describe('parseVideoUrl', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', { provider: 'youtube', id: 'dQw4w9WgXcQ' }],
    ['https://youtube.com/watch?v=dQw4w9WgXcQ&list=PL123', { provider: 'youtube', id: 'dQw4w9WgXcQ' }],
    ['https://m.youtube.com/watch?v=dQw4w9WgXcQ', { provider: 'youtube', id: 'dQw4w9WgXcQ' }],
    ['https://youtu.be/dQw4w9WgXcQ', { provider: 'youtube', id: 'dQw4w9WgXcQ' }],
    ['https://youtu.be/dQw4w9WgXcQ?t=90', { provider: 'youtube', id: 'dQw4w9WgXcQ', start: 90 }],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s', { provider: 'youtube', id: 'dQw4w9WgXcQ', start: 90 }],
    ['https://www.youtube.com/embed/dQw4w9WgXcQ?start=5', { provider: 'youtube', id: 'dQw4w9WgXcQ', start: 5 }],
    ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', { provider: 'youtube', id: 'dQw4w9WgXcQ' }],
    ['https://www.youtube.com/shorts/dQw4w9WgXcQ', { provider: 'youtube', id: 'dQw4w9WgXcQ' }],
    ['https://www.youtube.com/live/dQw4w9WgXcQ', { provider: 'youtube', id: 'dQw4w9WgXcQ' }],
    ['https://vimeo.com/76979871', { provider: 'vimeo', id: '76979871' }],
    ['https://vimeo.com/76979871/abc123def0', { provider: 'vimeo', id: '76979871', hash: 'abc123def0' }],
    ['https://player.vimeo.com/video/76979871?h=abc123def0', { provider: 'vimeo', id: '76979871', hash: 'abc123def0' }],
    ['https://vimeo.com/channels/staffpicks/76979871', { provider: 'vimeo', id: '76979871' }],
    ['https://vimeo.com/groups/shortfilms/videos/76979871', { provider: 'vimeo', id: '76979871' }],
    ['https://vimeo.com/76979871#t=30s', { provider: 'vimeo', id: '76979871', start: 30 }],
  ])('reads %s', (url, expected) => {
    expect(parseVideoUrl(url)).toEqual(expected)
  })

  it.each([
    'https://www.youtube.com/watch?v=short',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ"onload',
    'https://www.youtube.com/channel/UC123',
    'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
    'https://evil.example/youtu.be/dQw4w9WgXcQ',
    'https://vimeo.com/about',
    'https://vimeo.com/76979871/not-a-hash!',
    'https://user@vimeo.com/76979871',
    'javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ',
    'ftp://youtube.com/watch?v=dQw4w9WgXcQ',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(parseVideoUrl(url)).toBeUndefined()
  })
})

describe('videoEmbedUrl', () => {
  it('uses the no-cookie YouTube domain', () => {
    expect(videoEmbedUrl({ provider: 'youtube', id: 'dQw4w9WgXcQ', start: 90 }))
      .toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0&start=90')
  })

  it('asks Vimeo not to track', () => {
    expect(videoEmbedUrl({ provider: 'vimeo', id: '76979871', hash: 'abc123def0' }))
      .toBe('https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=abc123def0')
  })

  it('links to the video page', () => {
    expect(videoPageUrl({ provider: 'youtube', id: 'dQw4w9WgXcQ' })).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ')
    expect(videoPageUrl({ provider: 'vimeo', id: '76979871', hash: 'abc123def0' })).toBe('https://vimeo.com/76979871/abc123def0')
  })
})
