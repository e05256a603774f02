import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { imageVariantWidths, makeImageVariants, pickVariantWidth } from './image-variants'
import { ONE_PIXEL_GIF, solidPng } from './test-images'

async function sizeOf(bytes: Uint8Array) {
  const { width, height, format } = await sharp(bytes).metadata()
  return { width, height, format }
}

describe('image variants', () => {
  it('never enlarges: standard widths below the original, plus the original width up to 1920', () => {
    expect(imageVariantWidths(3000)).toEqual([480, 960, 1920])
    expect(imageVariantWidths(1920)).toEqual([480, 960, 1920])
    expect(imageVariantWidths(1000)).toEqual([480, 960, 1000])
    expect(imageVariantWidths(600)).toEqual([480, 600])
    expect(imageVariantWidths(300)).toEqual([300])
    expect(pickVariantWidth(3000, 960)).toBe(960)
    expect(pickVariantWidth(600, 960)).toBe(600)
    expect(pickVariantWidth(600, 480)).toBe(480)
    expect(pickVariantWidth(300, 1920)).toBe(300)
  })

  it('makes WebP variants of a generated 2400×2400 PNG at 480, 960 and 1920 pixels wide', async () => {
    const result = await makeImageVariants(solidPng(2400, [200, 30, 90]))
    expect(result).toMatchObject({ width: 2400, height: 2400 })
    expect(result.variants.map(variant => variant.width)).toEqual([480, 960, 1920])
    for (const variant of result.variants) {
      expect(variant.contentType).toBe('image/webp')
      expect(await sizeOf(variant.bytes)).toEqual({ width: variant.width, height: variant.width, format: 'webp' })
    }
  })

  it('keeps a small image at its own size', async () => {
    const result = await makeImageVariants(solidPng(64))
    expect(result.variants.map(variant => variant.width)).toEqual([64])
    expect(await sizeOf(result.variants[0]!.bytes)).toEqual({ width: 64, height: 64, format: 'webp' })
    expect((await makeImageVariants(ONE_PIXEL_GIF)).variants.map(variant => variant.width)).toEqual([1])
  })

  it('applies the EXIF rotation of a phone photo and drops its metadata', async () => {
    const jpeg = await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#336699' } })
      .jpeg().withMetadata({ orientation: 6 }).toBuffer()
    const result = await makeImageVariants(jpeg)
    expect(result).toMatchObject({ width: 600, height: 1200 })
    expect(result.variants.map(variant => variant.width)).toEqual([480, 600])
    const largest = await sharp(result.variants[1]!.bytes).metadata()
    expect({ width: largest.width, height: largest.height, orientation: largest.orientation, exif: largest.exif }).toEqual({ width: 600, height: 1200, orientation: undefined, exif: undefined })
  })

  it('refuses a damaged image that still starts like a PNG', async () => {
    const damaged = Buffer.concat([solidPng(32).subarray(0, 40), Buffer.alloc(200, 7)])
    await expect(makeImageVariants(damaged)).rejects.toMatchObject({ name: 'UploadRejectedError', reason: 'unsupported_type' })
  })
})
