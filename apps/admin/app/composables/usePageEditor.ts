import { createBlock } from '@flectar/blocks'
import type { ProjectApiBase } from '~/utils/api-types'

// The editor's working copy: blocks with loosely typed content, edited field by field (each
// block type's schema checks it on the server), rather than the API's union of block types.
export interface EditorBlock { id: string, type: string, content: Record<string, unknown> }
export interface EditorContent { title: string, seo?: { metaTitle?: string, metaDescription?: string, socialImage?: { url: string, alt: string }, noindex?: boolean }, blocks: EditorBlock[] }
export type SaveState = 'saved' | 'unsaved' | 'saving' | 'error' | 'conflict'

/**
 * The editor's state: the draft, undo/redo history, and autosave with the draft version
 * (a 409 means someone else saved; the editor stops and asks to reload).
 */
export function usePageEditor(endpoint: Ref<`${ProjectApiBase}/pages/${string}/draft`>, initial: EditorContent, initialVersion: number) {
  const content = ref<EditorContent>(JSON.parse(JSON.stringify(initial)))
  const version = ref(initialVersion)
  const saveState = ref<SaveState>('saved')
  const fieldErrors = ref<Record<string, string>>({})
  const past: string[] = []
  const future: string[] = []
  let lastSnapshot = JSON.stringify(content.value)
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: Promise<void> | undefined
  let applyingHistory = false

  function snapshot() {
    const current = JSON.stringify(content.value)
    if (current === lastSnapshot) return
    if (!applyingHistory) {
      past.push(lastSnapshot)
      if (past.length > 100) past.shift()
      future.length = 0
    }
    lastSnapshot = current
    saveState.value = 'unsaved'
    clearTimeout(timer)
    timer = setTimeout(() => void save(), 800)
  }
  watch(content, snapshot, { deep: true })

  async function save(): Promise<boolean> {
    clearTimeout(timer)
    if (inFlight) await inFlight
    const state = saveState.value as SaveState
    if (state === 'saved' || state === 'conflict') return state === 'saved'
    saveState.value = 'saving'
    const body = { version: version.value, content: content.value }
    inFlight = $fetch(endpoint.value, { method: 'PUT', body })
      .then((result) => {
        version.value = result.draftVersion
        fieldErrors.value = {}
        saveState.value = JSON.stringify(content.value) === JSON.stringify(body.content) ? 'saved' : 'unsaved'
      })
      .catch((error) => {
        saveState.value = apiErrorCode(error) === 'stale_draft' ? 'conflict' : 'error'
        fieldErrors.value = Object.fromEntries(apiFieldErrors(error).map(entry => [entry.name, entry.message]))
      })
      .finally(() => {
        inFlight = undefined
      })
    await inFlight
    const after = saveState.value as SaveState
    if (after === 'unsaved') return await save()
    return after === 'saved'
  }

  function travel(from: string[], to: string[]) {
    const target = from.pop()
    if (!target) return
    to.push(JSON.stringify(content.value))
    applyingHistory = true
    content.value = JSON.parse(target)
    nextTick(() => {
      applyingHistory = false
    })
  }

  const blocks = computed(() => content.value.blocks)
  const canUndo = ref(false)
  const canRedo = ref(false)
  watch(content, () => {
    canUndo.value = past.length > 0
    canRedo.value = future.length > 0
  }, { deep: true, flush: 'post' })

  return {
    content,
    blocks,
    version,
    saveState,
    fieldErrors,
    save,
    canUndo,
    canRedo,
    undo: () => travel(past, future),
    redo: () => travel(future, past),
    addBlock(type: string, index = content.value.blocks.length) {
      const block = createBlock(type) as EditorBlock
      content.value.blocks.splice(index, 0, block)
      return block
    },
    moveBlock(from: number, to: number) {
      if (to < 0 || to >= content.value.blocks.length || from === to) return
      const [block] = content.value.blocks.splice(from, 1)
      content.value.blocks.splice(to, 0, block!)
    },
    duplicateBlock(index: number) {
      const original = content.value.blocks[index]!
      content.value.blocks.splice(index + 1, 0, { ...JSON.parse(JSON.stringify(original)), id: crypto.randomUUID() })
    },
    removeBlock(index: number) {
      content.value.blocks.splice(index, 1)
    },
  }
}
