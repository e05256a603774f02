import type { H3Event } from 'h3'
import { AppError } from '@flectar/errors'
import { loadPicker, type PickerInput, type Slot } from './picker'
import { sendManagePage, type ManageContext } from './manage-pages'
import { rescheduleView } from './manage-view'
import type { FlowState } from './state'

/** The reschedule page: the booking, then a month of free times of its service and extras. */
export async function sendReschedule(event: H3Event, context: ManageContext, state: FlowState, failure?: { message: string, alternatives?: Slot[] }, status = 200): Promise<string> {
  const { booking, project } = context
  let picker: { picker: Awaited<ReturnType<typeof loadPicker>>, input: PickerInput } | undefined
  if (booking.serviceId) {
    const input: PickerInput = {
      serviceId: booking.serviceId, extras: booking.extras.map(extra => extra.id), timeZone: state.timeZone ?? booking.timeZone, businessZone: project.timeZone,
      locale: project.defaultLocale, month: state.month, date: state.date, start: state.start,
    }
    // A service no longer bookable online shows the sentence instead of a calendar.
    const loaded = await loadPicker(useDatabase().db, project, input).catch((error: unknown) => {
      if (error instanceof AppError && error.kind === 'invalid') return undefined
      throw error
    })
    picker = loaded && { picker: loaded, input }
  }
  return sendManagePage(event, context, 'Move your booking', rescheduleView(project, booking, context.base, picker, failure), status)
}
