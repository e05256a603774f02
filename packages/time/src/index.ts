export { canonicalTimeZone, isTimeZone, timeZoneText } from './time-zones'
export { clockMinutes, clockText, clockTime } from './clock-times'
export { addDays, addLocalDays, addLocalMonths, firstOfMonth, isoWeekday, lastOfMonth, parseLocalDate, startOfWeek, toDateKey, weekdayOf, type LocalDate } from './local-dates'
export {
  assertTimeZone, dateInZone, DAY_MS, dayRangeInZone, formatInZone, instantInZone, localDateOf, MINUTE_MS, todayIn, wallClockIn, wallTimeToInstant, zoneDay,
  type ZoneDay,
} from './zoned-time'
