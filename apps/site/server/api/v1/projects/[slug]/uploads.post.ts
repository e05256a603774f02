import { asksForFiles } from '@flectar/bookings'
import { InvalidInputError } from '@flectar/errors'
import { bookingFileName, uploadBookingFile } from '@flectar/sites'

/**
 * `POST /api/v1/projects/{slug}/uploads`: multipart/form-data with one `file` (an image or a
 * PDF, 10 MB), stored privately for a booking question of kind `file`. 201 with the id to
 * send as that answer; nobody gets a link back from the public API.
 */
export default defineApiV1Handler(async (event) => {
  const project = await apiProject(event)
  const apiKey = await apiKeyOf(event, project, 'bookings:write')
  await limitApiCall(event, 'api_upload', apiKey)
  const { db } = useDatabase()
  // Only a site with a file question takes files: no free private storage for anyone else.
  if (!await asksForFiles(db, project.id)) throw new InvalidInputError({ file: 'This site does not ask for files.' }, 'This site does not ask for files.')
  const file = await readUploadedFile(event, 'file')
  const asset = await uploadBookingFile(db, useFileStorage(), { orgId: project.orgId, projectId: project.id }, { filename: file?.filename ?? '', bytes: file?.bytes ?? new Uint8Array() })
  setResponseStatus(event, 201)
  return { id: asset.id, name: bookingFileName(asset), size: asset.sizeBytes }
})
