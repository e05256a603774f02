import { planGuard } from '@flectar/billing'
import { presentMediaAsset, uploadMedia } from '@flectar/sites'

// multipart/form-data: `file`, `alt`, `private` ("true"). Up to 26 MB at the door; the
// package checks the content (images 10 MB, PDFs 25 MB and private only).
export default defineEventHandler(async (event) => {
  const { db, scope, project, actor } = await requireProjectAccess(event, 'editor')
  const parts = await readMultipartFormData(event).catch(() => undefined) ?? []
  const field = (name: string) => parts.find(part => part.name === name && part.filename === undefined)?.data.toString('utf8')
  const file = parts.find(part => part.name === 'file' && part.filename !== undefined)
  const bytes = file?.data ?? new Uint8Array()
  const asset = await uploadMedia(db, useFileStorage(), scope, {
    filename: file?.filename ?? '',
    bytes,
    alt: field('alt'),
    private: ['true', 'on', '1'].includes(field('private') ?? ''),
    withinPlan: planGuard(useBillingConfig(), scope.orgId, { limit: 'storageBytes', adding: bytes.byteLength }),
  }, actor)
  setResponseStatus(event, 201)
  return await presentMediaAsset(useFileStorage(), asset, mediaUrlOptions(project))
})
