// The booking pages' enhancement script (no framework, built by modules/booking-assets.ts).
// Every step works without it, as plain forms and links; with it: another day, month or time
// zone is shown without a reload, the visitor's own zone is chosen, fields are checked as they
// are filled, files upload as soon as they are chosen, the frame of an embed follows the
// page's height, and the funnel's two events reach the site's analytics.

const doc = document
doc.documentElement.classList.add('bk-js')

type Track = (kind: string, name: string, props?: Record<string, string | number>) => void
function track(name: 'booking_started' | 'booking_confirmed', props?: Record<string, string | number>): void {
  const flectar = (window as { flectar?: Track }).flectar
  if (typeof flectar !== 'function') return
  if (props) flectar('event', name, props)
  else flectar('event', name)
}

function session(key: string, value?: string | null): string | null {
  try {
    if (value === null) sessionStorage.removeItem(key)
    else if (value !== undefined) sessionStorage.setItem(key, value)
    return sessionStorage.getItem(key)
  }
  catch {
    return null
  }
}

// ---- The picker: days, months and zones without a reload ----

/** The address a form would go to with this submitter (GET forms and `formmethod="get"` buttons). */
function addressOf(form: HTMLFormElement, submitter: HTMLButtonElement | null): string {
  const data = new FormData(form, submitter)
  const query = new URLSearchParams()
  data.forEach((value, name) => {
    if (typeof value === 'string') query.append(name, value)
  })
  const action = submitter?.getAttribute('formaction') || form.getAttribute('action') || location.pathname
  return `${action}?${query}`
}

let pickerRequest = 0
async function showPicker(form: HTMLFormElement, submitter: HTMLButtonElement | null, focus?: { name: string, value: string } | 'zone') {
  const url = addressOf(form, submitter)
  const ticket = ++pickerRequest
  const picker = form.querySelector<HTMLElement>('[data-bk-picker]')
  if (!picker) return
  picker.setAttribute('aria-busy', 'true')
  try {
    const response = await fetch(url, { headers: { accept: 'text/html' } })
    if (!response.ok) throw new Error(String(response.status))
    const page = new DOMParser().parseFromString(await response.text(), 'text/html')
    const next = page.querySelector<HTMLElement>('[data-bk-picker]')
    if (ticket !== pickerRequest) return
    if (!next) throw new Error('no picker')
    picker.replaceWith(next)
    history.replaceState(history.state, '', url)
    markVisitorZone(next)
    const target = focus === 'zone'
      ? next.querySelector<HTMLElement>('[data-bk-zone]')
      : focus && (next.querySelector<HTMLElement>(`button[name="${focus.name}"][value="${focus.value}"]:not([disabled])`)
        ?? next.querySelector<HTMLElement>('.bk-day[aria-pressed="true"]'))
    target?.focus()
  }
  catch {
    // The page itself always works: go there instead.
    location.href = url
  }
}

/** The visitor's own zone, named as theirs, first in the list. */
function markVisitorZone(root: ParentNode): string | undefined {
  const select = root.querySelector<HTMLSelectElement>('[data-bk-zone]')
  let zone: string | undefined
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  }
  catch {
    zone = undefined
  }
  if (!select || !zone) return undefined
  let option = [...select.options].find(candidate => candidate.value === zone)
  if (!option) {
    option = new Option(zone.replaceAll('_', ' '), zone)
    select.prepend(option)
  }
  if (!option.text.includes('— yours')) option.text += select.dataset.businessZone === zone ? ' and yours' : ' — yours'
  return zone
}

doc.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('[data-bk-picker] button[formaction]')
  if (!button || !button.form || button.disabled) return
  event.preventDefault()
  void showPicker(button.form, button, { name: button.name, value: button.value })
})

doc.addEventListener('change', (event) => {
  const target = event.target as HTMLElement
  if (target.matches('[data-bk-zone]')) {
    const form = (target as HTMLSelectElement).form!
    void showPicker(form, form.querySelector<HTMLButtonElement>('.bk-zone__show'), 'zone')
  }
  if (target.matches('input[name="extras"]')) extrasLabel()
  if (target.matches('[data-bk-file] input[type="file"]')) void chooseFile(target as HTMLInputElement)
})

// The booking flow shows the visitor's zone by default (the server cannot know it).
const zoneSelect = doc.querySelector<HTMLSelectElement>('[data-bk-zone]')
if (zoneSelect) {
  const zone = markVisitorZone(doc)
  if (zone && location.pathname === '/book/time' && !new URLSearchParams(location.search).has('tz') && zoneSelect.value !== zone) {
    zoneSelect.value = zone
    void showPicker(zoneSelect.form!, zoneSelect.form!.querySelector<HTMLButtonElement>('.bk-zone__show'))
  }
}

// ---- Extras: the button says whether any are added ----

function extrasLabel() {
  const button = doc.querySelector<HTMLButtonElement>('[data-bk-extras-continue]')
  if (button) button.textContent = doc.querySelector('input[name="extras"]:checked') ? 'Continue' : 'Continue without extras'
}
extrasLabel()

// ---- Inline validation of the details ----

function errorFor(field: HTMLElement): HTMLElement {
  const anchor = field.closest('.fb-field, .bk-field-check, .bk-choice, .bk-file') ?? field.parentElement!
  const id = `${(anchor.matches('.bk-choice') ? anchor.querySelector('input')! : field).id}-error`
  let error = doc.getElementById(id)
  if (!error) {
    error = doc.createElement('p')
    error.id = id
    error.className = 'bk-error'
    anchor.append(error)
  }
  return error
}

function setError(field: HTMLInputElement | HTMLTextAreaElement, message: string) {
  const anchor = field.closest<HTMLElement>('.bk-choice') ?? field
  const error = errorFor(field)
  const ids = new Set((anchor.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean))
  if (message) {
    error.textContent = message
    anchor.setAttribute('aria-invalid', 'true')
    ids.add(error.id)
  }
  else {
    error.remove()
    anchor.removeAttribute('aria-invalid')
    ids.delete(error.id)
  }
  if (ids.size) anchor.setAttribute('aria-describedby', [...ids].join(' '))
  else anchor.removeAttribute('aria-describedby')
}

const PHONE = /^\+?[\d\s().-]{6,}$/

function problemOf(field: HTMLInputElement | HTMLTextAreaElement): string {
  const { bkRequired: required, bkInvalid: invalid } = field.dataset
  const value = field.value.trim()
  if (field.type === 'file') {
    const box = field.closest<HTMLElement>('[data-bk-file]')!
    if (box.dataset.uploading) return 'Wait until the upload has finished.'
    return required && !box.querySelector('input[type="hidden"][name^="answers."]') ? required : ''
  }
  if (field.type === 'checkbox') return required && !(field as HTMLInputElement).checked ? required : ''
  if (field.type === 'radio') return required && !field.form?.querySelector(`input[name="${CSS.escape(field.name)}"]:checked`) ? required : ''
  if (!value) return required ?? ''
  // The browser's own reading of an address; the server checks it again with the API's rule.
  if (invalid && field.type === 'email' && (field as HTMLInputElement).validity.typeMismatch) return invalid
  if (invalid && field.type === 'tel' && !PHONE.test(value)) return invalid
  return ''
}

const checkedFields = (form: HTMLFormElement) => [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-bk-required], [data-bk-invalid], [data-bk-file] input[type="file"]')]

doc.addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement
  if (form.closest('.bk-flow') && !session('bk-started')) {
    session('bk-started', '1')
    track('booking_started')
  }
  if (!form.matches('[data-bk-details]') || (event.submitter as HTMLButtonElement | null)?.formNoValidate) return
  let first: HTMLElement | undefined
  for (const field of checkedFields(form)) {
    const problem = problemOf(field)
    if (field.type === 'file' && !problem && !field.closest('[data-bk-file]')!.querySelector('.bk-error')) continue
    setError(field, problem)
    if (problem && !first) first = field
  }
  if (!first) return
  event.preventDefault()
  first.focus()
}, true)

// A field's error goes as soon as what is typed or ticked fixes it (checked as it changes, not
// on leaving the field, so nothing moves under the pointer on its way to the next one).
function recheck(event: Event) {
  const target = event.target as HTMLInputElement
  const field = target.type === 'radio' ? target.form?.querySelector<HTMLInputElement>(`input[name="${CSS.escape(target.name)}"][data-bk-required]`) : target
  const invalid = field?.closest('[aria-invalid="true"]') ?? (field?.getAttribute('aria-invalid') === 'true' ? field : null)
  if (field && invalid && field.type !== 'file' && field.closest('[data-bk-details]') && !problemOf(field)) setError(field, '')
}
doc.addEventListener('input', recheck)
doc.addEventListener('change', recheck)

// ---- Files: uploaded when chosen, with progress ----

const sizeLabel = (bytes: number) => bytes >= 1024 * 1024 ? `${Number((bytes / (1024 * 1024)).toFixed(1))} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`

function hidden(name: string, value: string): HTMLInputElement {
  const input = doc.createElement('input')
  input.type = 'hidden'
  input.name = name
  input.value = value
  return input
}

function chosenBlock(box: HTMLElement, input: HTMLInputElement, name: string): { status: HTMLElement, progress: HTMLProgressElement, button: HTMLButtonElement, block: HTMLElement } {
  box.querySelector('.bk-file__chosen')?.remove()
  const block = doc.createElement('div')
  block.className = 'bk-file__chosen'
  const label = doc.createElement('span')
  label.className = 'bk-file__name'
  label.textContent = name
  const status = doc.createElement('span')
  status.className = 'bk-hint'
  status.setAttribute('aria-live', 'polite')
  const progress = doc.createElement('progress')
  progress.className = 'bk-file__progress'
  progress.max = 100
  progress.value = 0
  progress.setAttribute('aria-label', `Uploading ${name}`)
  const button = doc.createElement('button')
  button.type = 'button'
  button.className = 'bk-link-button bk-file__remove'
  const hiddenName = doc.createElement('span')
  hiddenName.className = 'fb-visually-hidden'
  hiddenName.textContent = ` ${name}`
  button.append('Cancel', hiddenName)
  block.append(label, status, progress, button)
  input.after(block)
  return { status, progress, button, block }
}

async function chooseFile(input: HTMLInputElement) {
  const box = input.closest<HTMLElement>('[data-bk-file]')!
  const form = input.form!
  const file = input.files?.[0]
  if (!file) return
  const allowed = new Set(input.accept.split(','))
  const max = Number(input.dataset.maxBytes)
  const refuse = (message: string) => {
    input.value = ''
    setError(input, message)
    input.focus()
  }
  // The server checks the content again; these only spare a doomed upload.
  if (file.type && !allowed.has(file.type)) return refuse('Choose an image (PNG, JPEG, WebP, AVIF or GIF) or a PDF.')
  if (file.size > max) return refuse(`This file is too large (${sizeLabel(file.size)}). The limit is 10 MB.`)
  if (file.size === 0) return refuse('This file is empty. Choose another one.')

  setError(input, '')
  const id = box.dataset.bkFile!
  // The bytes go now, not again with the form.
  input.value = ''
  input.hidden = true
  box.querySelectorAll(`input[type="hidden"], .bk-check, label.bk-hint`).forEach(element => element.remove())
  box.dataset.uploading = '1'
  const ui = chosenBlock(box, input, file.name)
  ui.status.textContent = 'Uploading… 0%'
  const request = new XMLHttpRequest()
  const restore = (message: string) => {
    delete box.dataset.uploading
    ui.block.remove()
    input.hidden = false
    setError(input, message)
    if (message) input.focus()
  }
  ui.button.addEventListener('click', () => {
    if (box.dataset.uploading) request.abort()
    box.querySelectorAll('input[type="hidden"]').forEach(element => element.remove())
    input.required = !!input.dataset.bkRequired
    restore('')
    input.focus()
  })
  request.open('POST', `/api/v1/projects/${encodeURIComponent(form.dataset.slug ?? '')}/uploads`)
  request.responseType = 'json'
  request.upload.onprogress = (progress) => {
    if (!progress.lengthComputable) return
    const percent = Math.round((progress.loaded / progress.total) * 100)
    ui.progress.value = percent
    ui.status.textContent = `Uploading… ${percent}%`
  }
  request.onload = () => {
    const answer = request.response as { id?: string, name?: string, size?: number, error?: { message?: string, fields?: Record<string, string> } } | null
    if (request.status !== 201 || !answer?.id) {
      return restore(request.status === 413 ? 'This file is too large. The limit is 10 MB.' : answer?.error?.fields?.file ?? answer?.error?.message ?? 'The upload failed. Please try again.')
    }
    delete box.dataset.uploading
    box.append(hidden(`answers.${id}`, answer.id), hidden(`filename.${id}`, answer.name ?? file.name), hidden(`filesize.${id}`, String(answer.size ?? file.size)))
    input.required = false
    ui.progress.remove()
    ui.status.textContent = `Uploaded · ${sizeLabel(answer.size ?? file.size)}`
    ui.button.firstChild!.textContent = 'Remove'
    setError(input, '')
  }
  request.onerror = () => restore('The upload failed. Check your connection and try again.')
  const body = new FormData()
  body.append('file', file)
  request.send(body)
}

// ---- The confirmation, and the frame of an embed ----

const confirmed = doc.querySelector<HTMLElement>('[data-bk-confirmed]')
if (confirmed && session('bk-confirmed') !== confirmed.dataset.bkConfirmed) {
  // The site's tracker loads after this script: send once the page has loaded.
  addEventListener('load', () => {
    session('bk-confirmed', confirmed.dataset.bkConfirmed!)
    session('bk-started', null)
    // What was paid online (the manage page after a payment), for the revenue by source.
    const amount = Number(confirmed.dataset.bkAmount)
    track('booking_confirmed', amount > 0 ? { amount, currency: confirmed.dataset.bkCurrency ?? '', booking: confirmed.dataset.bkConfirmed! } : undefined)
  })
}

const embed = doc.querySelector<HTMLElement>('[data-bk-embed]')
if (embed && window.parent !== window && typeof ResizeObserver !== 'undefined') {
  let last = 0
  new ResizeObserver(() => {
    const height = Math.ceil(embed.getBoundingClientRect().height)
    if (height === last) return
    last = height
    window.parent.postMessage({ type: 'flectar:height', height }, '*')
  }).observe(embed)
}
