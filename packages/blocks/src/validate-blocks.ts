import { z } from 'zod'
import { InvalidInputError, type FieldErrors } from '@flectar/errors'
import { blockDefinitions, blockRegistry, type Block, type BlockInput } from './registry'

export const MAX_BLOCKS_PER_PAGE = 200

/** Block ids become HTML ids and anchors (`#block-<id>`), so they stay URL- and selector-safe. */
export const blockIdSchema = z.string('Block id missing').regex(/^[\w-]{1,64}$/, 'Use 1 to 64 letters, digits, - or _')

const storedBlockSchemas = blockDefinitions.map(definition => z.object({
  id: blockIdSchema,
  type: z.literal(definition.type),
  content: definition.schema,
  /** Placeholder content from a template (testimonials, team…): the editor marks it until it is edited or removed. */
  example: z.boolean().optional(),
})) as unknown as [z.ZodType<Block> & z.ZodObject, ...Array<z.ZodType<Block> & z.ZodObject>]

/** One block: `{ id, type, content }`, its content checked by its type's schema. */
export const blockSchema = z.discriminatedUnion('type', storedBlockSchemas, {
  error: issue => issue.code === 'invalid_union' ? 'Unknown block type' : undefined,
}) as unknown as z.ZodType<Block, BlockInput>

/** A page's blocks: each valid, ids unique within the page. */
export const pageBlocksSchema = z.array(blockSchema, 'Blocks must be a list')
  .max(MAX_BLOCKS_PER_PAGE, `A page holds at most ${MAX_BLOCKS_PER_PAGE} blocks`)
  .superRefine((blocks, ctx) => {
    const seen = new Set<string>()
    blocks.forEach((block, index) => {
      if (seen.has(block.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'Another block on this page has the same id' })
      seen.add(block.id)
    })
  })

const TYPE_MESSAGES: Record<string, string> = {
  string: 'Enter text',
  number: 'Enter a number',
  boolean: 'Choose yes or no',
  object: 'This is missing or has the wrong shape',
  array: 'This must be a list',
}

/** Zod's generic "Invalid input: expected …" replaced by something an editor understands. */
function readableMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) return TYPE_MESSAGES[issue.expected] ?? issue.message
  return issue.message
}

/** Field path (`blocks.2.content.items.0.image.alt`) -> first message. */
export function fieldErrorsFrom(error: z.ZodError, prefix: PropertyKey[] = []): FieldErrors {
  const fields: FieldErrors = {}
  for (const issue of error.issues) {
    const key = [...prefix, ...issue.path].map(String).join('.') || '_'
    fields[key] ??= readableMessage(issue)
  }
  return fields
}

function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, prefix: PropertyKey[]): T {
  const result = schema.safeParse(input)
  if (!result.success) throw new InvalidInputError(fieldErrorsFrom(result.error, prefix))
  return result.data
}

/** Validates and cleans one block; throws a 422 whose fields are paths inside the block (`content.heading`). */
export function validateBlock(block: unknown): Block {
  return parseOrThrow(blockSchema, block, [])
}

/** Validates and cleans a page's blocks; throws a 422 with paths like `blocks.2.content.items.0.image.alt`. */
export function validatePageBlocks(blocks: unknown): Block[] {
  return parseOrThrow(pageBlocksSchema, blocks, ['blocks'])
}

export interface DroppedBlock {
  id: string
  type: string
}

export interface RenderableBlocks {
  /** Known blocks with valid content, cleaned again (rich text re-sanitized, defaults filled in). */
  blocks: Block[]
  /** Blocks of a type this version does not know: render nothing, log a warning. */
  unknown: DroppedBlock[]
  /** Known blocks whose stored content no longer passes the schema: also skipped. */
  invalid: Array<DroppedBlock & { fields: FieldErrors }>
}

/**
 * What the renderer may show from stored blocks. It never throws: anything it cannot
 * render is returned separately so the caller can log it, and the page still renders.
 */
export function renderableBlocks(stored: unknown): RenderableBlocks {
  const result: RenderableBlocks = { blocks: [], unknown: [], invalid: [] }
  if (!Array.isArray(stored)) return result
  for (const item of stored as unknown[]) {
    const record = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>
    const dropped = { id: String(record.id ?? ''), type: String(record.type ?? '') }
    if (!blockRegistry.has(dropped.type)) {
      result.unknown.push(dropped)
      continue
    }
    const parsed = blockSchema.safeParse(item)
    if (parsed.success) result.blocks.push(parsed.data)
    else result.invalid.push({ ...dropped, fields: fieldErrorsFrom(parsed.error) })
  }
  return result
}
