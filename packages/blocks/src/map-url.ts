export interface MapLocation {
  address: string
  latitude?: number
  longitude?: number
  /** OpenStreetMap zoom level, 3 (continent) to 19 (building). */
  zoom: number
}

const round = (value: number) => Number(value.toFixed(6))

/** A link to the place on openstreetmap.org: a marker when coordinates are known, else an address search. */
export function openStreetMapLink(location: MapLocation): string {
  const { latitude, longitude, zoom } = location
  if (latitude === undefined || longitude === undefined) {
    return `https://www.openstreetmap.org/search?query=${encodeURIComponent(location.address.replace(/\s+/g, ' ').trim())}`
  }
  const lat = round(latitude)
  const lon = round(longitude)
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=${zoom}/${lat}/${lon}`
}

/**
 * The embeddable OpenStreetMap view around the coordinates (undefined without them): the
 * bounding box spans about 800×450 px of map tiles at the zoom level, with a marker.
 */
export function openStreetMapEmbedUrl(location: MapLocation): string | undefined {
  const { latitude, longitude, zoom } = location
  if (latitude === undefined || longitude === undefined) return undefined
  const degreesPerPixel = 360 / (256 * 2 ** zoom)
  const halfWidth = (800 / 2) * degreesPerPixel
  const halfHeight = (450 / 2) * degreesPerPixel * Math.cos((latitude * Math.PI) / 180)
  const bbox = [longitude - halfWidth, latitude - halfHeight, longitude + halfWidth, latitude + halfHeight]
    .map(value => round(value)).join(',')
  const params = new URLSearchParams({ bbox, layer: 'mapnik', marker: `${round(latitude)},${round(longitude)}` })
  return `https://www.openstreetmap.org/export/embed.html?${params}`
}
