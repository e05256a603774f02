import { listBookableHours } from '@flectar/bookings'
import { listDomains, listMedia } from '@flectar/sites'

// The new owner's next steps on Home, each ticked from what is really there: something
// bookable with hours (when the site takes bookings), a photo of their own, a domain, publish.
export default defineEventHandler(async (event) => {
  const { db, scope, project } = await requireProjectAccess(event, 'viewer')
  const [hours, media, domains] = await Promise.all([
    project.modules.includes('bookings') ? listBookableHours(db, project.id) : Promise.resolve(undefined),
    listMedia(db, scope),
    listDomains(db, scope),
  ])
  return {
    bookable: hours === undefined ? undefined : hours.length > 0,
    photos: media.some(asset => !asset.private && asset.contentType.startsWith('image/')),
    domain: domains.some(domain => domain.verified),
    published: project.sitePublishedAt !== null,
  }
})
