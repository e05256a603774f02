import type { ServiceContext } from './flow-pages'

/** The chosen appointment: its start and where it ends with the extras chosen. */
export function slotOf(context: ServiceContext): { start: string, end: string } {
  const { service, state } = context
  const minutes = service.durationMinutes + service.extras.filter(extra => state.extras.includes(extra.id)).reduce((sum, extra) => sum + extra.durationMinutes, 0)
  return { start: state.start!, end: new Date(Date.parse(state.start!) + minutes * 60_000).toISOString() }
}
