import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { TRACKER_SCRIPT } from './tracker'

describe('the tracker script', () => {
  it('is at most 1 KB gzipped', () => {
    const size = gzipSync(TRACKER_SCRIPT, { level: 9 }).length
    expect(size).toBeLessThanOrEqual(1024)
  })

  it('is valid JavaScript that sets no cookies and loads nothing else', () => {
    expect(() => new Function(TRACKER_SCRIPT)).not.toThrow()
    expect(TRACKER_SCRIPT).not.toContain('document.cookie')
    expect(TRACKER_SCRIPT).not.toMatch(/import|require\(|createElement/)
  })

  it('checks Do Not Track and Global Privacy Control before anything else', () => {
    const firstStatement = TRACKER_SCRIPT.indexOf('doNotTrack')
    expect(firstStatement).toBeGreaterThan(0)
    expect(firstStatement).toBeLessThan(TRACKER_SCRIPT.indexOf('localStorage'))
    expect(TRACKER_SCRIPT).toContain('globalPrivacyControl')
  })
})
