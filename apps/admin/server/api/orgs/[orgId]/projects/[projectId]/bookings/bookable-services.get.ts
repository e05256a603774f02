import { listPublicServices } from '@flectar/bookings'

// Services a booking can be made for, with their extras and questions: the New booking dialog and the filters.
export default defineEventHandler(async (event) => {
  const { db, project } = await requireProjectAccess(event, 'viewer')
  return { data: await listPublicServices(db, project.id) }
})
