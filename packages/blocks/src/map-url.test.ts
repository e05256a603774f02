import { describe, expect, it } from 'vitest'
import { openStreetMapEmbedUrl, openStreetMapLink } from './map-url'

describe('openStreetMapLink', () => {
  it('puts a marker at the coordinates', () => {
    expect(openStreetMapLink({ address: 'x', latitude: 40.4168, longitude: -3.7038, zoom: 17 }))
      .toBe('https://www.openstreetmap.org/?mlat=40.4168&mlon=-3.7038#map=17/40.4168/-3.7038')
  })

  it('searches for the address without coordinates', () => {
    expect(openStreetMapLink({ address: 'Calle Mayor 1\n28013 Madrid', zoom: 16 }))
      .toBe('https://www.openstreetmap.org/search?query=Calle%20Mayor%201%2028013%20Madrid')
  })
})

describe('openStreetMapEmbedUrl', () => {
  it('frames the coordinates with a marker', () => {
    const url = new URL(openStreetMapEmbedUrl({ address: 'x', latitude: 51.5007, longitude: -0.1246, zoom: 16 })!)
    expect(url.origin + url.pathname).toBe('https://www.openstreetmap.org/export/embed.html')
    expect(url.searchParams.get('marker')).toBe('51.5007,-0.1246')
    const [west, south, east, north] = url.searchParams.get('bbox')!.split(',').map(Number)
    expect(west).toBeLessThan(-0.1246)
    expect(east).toBeGreaterThan(-0.1246)
    expect(south).toBeLessThan(51.5007)
    expect(north).toBeGreaterThan(51.5007)
    expect(east! - west!).toBeLessThan(0.02)
  })

  it('has nothing to embed without coordinates', () => {
    expect(openStreetMapEmbedUrl({ address: 'x', zoom: 16 })).toBeUndefined()
  })
})
