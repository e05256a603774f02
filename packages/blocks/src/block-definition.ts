import type { z } from 'zod'

export type BlockCategory = 'content' | 'media' | 'layout' | 'interactive'

export type EditorFieldKind = 'text' | 'textarea' | 'richtext' | 'url' | 'image' | 'number' | 'select' | 'toggle' | 'list'

/**
 * One control of a block's editor form, written beside the schema it edits. `name` is the
 * content key; a list edits an array of objects described by `itemFields`.
 */
export interface EditorField {
  name: string
  label: string
  kind: EditorFieldKind
  help?: string
  required?: boolean
  /** Choices of a select. */
  options?: Array<{ value: string, label: string }>
  /** Bounds of a number. */
  min?: number
  max?: number
  step?: number
  /** Fields of each item of a list. */
  itemFields?: EditorField[]
  /** Most items a list may hold (the schema enforces it too). */
  maxItems?: number
  /** Label of an item, for "Add …" buttons. */
  itemLabel?: string
}

export interface BlockDefinition<Type extends string = string, Schema extends z.ZodObject = z.ZodObject> {
  type: Type
  label: string
  description: string
  /** A Lucide icon name for the editor's block picker (`i-lucide-image`). */
  icon: `i-lucide-${string}`
  category: BlockCategory
  /** Validates (and cleans: trims, sanitizes) the content of one block. */
  schema: Schema
  /** Content of a freshly added block; it passes the schema. */
  defaults: () => NoInfer<z.output<Schema>>
  fields: EditorField[]
  /** Needs a script or island to do its job beyond plain HTML (it still works without one). */
  interactive: boolean
}

/** Declares a block; the `const` type keeps `type` a literal for the registry's union. */
export function defineBlock<Type extends string, Schema extends z.ZodObject>(definition: BlockDefinition<Type, Schema>): BlockDefinition<Type, Schema> {
  return definition
}
