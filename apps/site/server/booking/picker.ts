import type { DbOrTx } from '@flectar/db'
import { listPublicSlots } from '@flectar/bookings'
import type { Project } from '@flectar/sites'
import { dateInZone, todayIn } from '@flectar/time'
import { addMonths, COMMON_TIME_ZONES, firstWeekdayOf, formatDay, formatMonth, formatTime, lastDayOf, monthOf, monthWeeks, timeZoneLabel, weekdayNames } from './format'
import { attr, html, type Html } from './html'

export interface Slot { start: string, end: string }

export interface PickerInput {
  serviceId: string
  extras: string[]
  timeZone: string
  businessZone: string
  locale: string
  /** The month asked for (a month button), else the chosen day's or start's, else this month. */
  month?: string
  date?: string
  start?: string
}

export interface Picker {
  month: string
  slotsByDate: Map<string, Slot[]>
  date?: string
  start?: string
  today: string
}

/**
 * One month of free times of a service in the visitor's zone (the public API's own listing):
 * which day is shown, and whether the chosen start is still among them. The first month moves
 * on once by itself when nothing is free in it (late in the month).
 */
export async function loadPicker(db: DbOrTx, project: Pick<Project, 'id'>, input: PickerInput): Promise<Picker> {
  const today = todayIn(input.timeZone)
  const lastMonth = addMonths(monthOf(today), 12)
  const asked = input.month ?? (input.date ? monthOf(input.date) : input.start ? monthOf(dateInZone(input.start, input.timeZone)) : undefined)
  let month = asked && asked >= monthOf(today) && asked <= lastMonth ? asked : monthOf(today)
  const load = async (shown: string) => {
    const from = `${shown}-01` < today ? today : `${shown}-01`
    const { slots } = await listPublicSlots(db, project, { serviceId: input.serviceId, extras: input.extras, timeZone: input.timeZone, from, to: lastDayOf(shown) })
    const byDate = new Map<string, Slot[]>()
    // Starts come in the requested zone's offset, so their first ten characters are the local date.
    for (const slot of slots) byDate.set(slot.start.slice(0, 10), [...(byDate.get(slot.start.slice(0, 10)) ?? []), slot])
    return byDate
  }
  let slotsByDate = await load(month)
  if (slotsByDate.size === 0 && !asked && month < lastMonth) {
    month = addMonths(month, 1)
    slotsByDate = await load(month)
  }
  const chosen = input.start ? [...slotsByDate.values()].flat().find(slot => Date.parse(slot.start) === Date.parse(input.start!)) : undefined
  const chosenDate = chosen ? chosen.start.slice(0, 10) : undefined
  const date = input.date && slotsByDate.has(input.date) ? input.date : chosenDate ?? slotsByDate.keys().next().value
  return { month, slotsByDate, date, start: chosen?.start, today }
}

/** The zones offered: the business's, the one shown, then common ones. */
function zoneOptions(current: string, businessZone: string): Html[] {
  const seen = new Set<string>()
  const options: Html[] = []
  const add = (zone: string, note = '') => {
    if (seen.has(zone)) return
    seen.add(zone)
    options.push(html`<option value="${zone}"${attr('selected', zone === current)}>${timeZoneLabel(zone)}${note}</option>`)
  }
  add(businessZone, ' — the business’s')
  add(current)
  for (const zone of [...COMMON_TIME_ZONES].sort()) add(zone)
  return options
}

export interface PickerView {
  /** Where the calendar's buttons go (this step's own address) and how. */
  selfAction: string
  selfMethod?: 'get'
  idPrefix: string
  input: PickerInput
}

/**
 * The picker as a part of a form: the zone select, a month of days (buttons that reload this
 * step with another day; the enhancement script swaps the picker in place instead) and the
 * day's times as radio buttons named `start`. `shown` keeps the month when the zone changes.
 */
export function renderPicker(picker: Picker, view: PickerView): Html {
  const { input, idPrefix } = view
  const locale = input.locale
  const firstWeekday = firstWeekdayOf(locale)
  const short = weekdayNames(locale, firstWeekday)
  const long = weekdayNames(locale, firstWeekday, 'long')
  const nav = html`${attr('formaction', view.selfAction)}${attr('formmethod', view.selfMethod)} formnovalidate`
  const isFirst = picker.month <= monthOf(picker.today)
  const isLast = picker.month >= addMonths(monthOf(picker.today), 12)
  const count = (date: string) => picker.slotsByDate.get(date)?.length ?? 0
  const times = (n: number) => n === 0 ? 'no free times' : n === 1 ? '1 free time' : `${n} free times`
  const daySlots = picker.date ? picker.slotsByDate.get(picker.date) ?? [] : []
  const status = picker.slotsByDate.size === 0
    ? `No free times in ${formatMonth(picker.month, locale)}.`
    : picker.date ? `${times(daySlots.length).replace(/^./, c => c.toUpperCase())} on ${formatDay(picker.date, locale)}.` : ''
  return html`<div class="bk-picker" id="${idPrefix}-picker" data-bk-picker>
<input type="hidden" name="shown" value="${picker.month}">
<div class="bk-zone"><label for="${idPrefix}-zone">Times shown in</label>
<select id="${idPrefix}-zone" name="tz" data-bk-zone data-business-zone="${input.businessZone}">${zoneOptions(input.timeZone, input.businessZone)}</select>
<button type="submit" class="fb-button fb-button--secondary bk-zone__show"${nav}>Show times</button></div>
<div class="bk-calendar">
<div class="bk-calendar__head">
<button type="submit" class="bk-icon-button" name="month" value="${addMonths(picker.month, -1)}" aria-label="Previous month"${attr('disabled', isFirst)}${nav}>‹</button>
<h3 id="${idPrefix}-month" class="bk-calendar__month">${formatMonth(picker.month, locale)}</h3>
<button type="submit" class="bk-icon-button" name="month" value="${addMonths(picker.month, 1)}" aria-label="Next month"${attr('disabled', isLast)}${nav}>›</button>
</div>
<table class="bk-calendar__grid" aria-labelledby="${idPrefix}-month">
<thead><tr>${short.map((name, index) => html`<th scope="col"><abbr title="${long[index]}">${name}</abbr></th>`)}</tr></thead>
<tbody>${monthWeeks(picker.month, firstWeekday).map(week => html`<tr>${week.map(date => html`<td>${date && html`<button type="submit" name="date" value="${date}" class="bk-day${count(date) > 0 ? ' has-slots' : ''}${date === picker.today ? ' is-today' : ''}" aria-pressed="${date === picker.date ? 'true' : 'false'}" aria-label="${formatDay(date, locale)}: ${times(count(date))}"${attr('disabled', count(date) === 0)}${nav}>${Number(date.slice(8))}</button>`}</td>`)}</tr>`)}</tbody>
</table>
</div>
<p class="bk-picker__status" role="status">${status}${picker.slotsByDate.size === 0 && !isLast && html` <button type="submit" class="bk-link-button" name="month" value="${addMonths(picker.month, 1)}"${nav}>Look in ${formatMonth(addMonths(picker.month, 1), locale)}</button>`}</p>
${picker.date && daySlots.length > 0 && html`<fieldset class="bk-times"><legend>${formatDay(picker.date, locale)}</legend>
<ul>${daySlots.map(slot => html`<li><label class="bk-time"><input type="radio" name="start" value="${slot.start}"${attr('checked', slot.start === picker.start)}><span>${formatTime(slot.start, input.timeZone, locale)}</span></label></li>`)}</ul>
</fieldset>`}
</div>`
}
