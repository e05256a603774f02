// One booking for staff, with short-lived links to the files its customer uploaded.
export default defineEventHandler(async (event) => {
  const { db, project, scope } = await requireProjectAccess(event, 'viewer')
  return await bookingDetail(db, scope, project, requireIdParam(event, 'bookingId'))
})
