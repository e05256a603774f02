import { and, asc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { quickReplies, type DbOrTx } from '@flectar/db'
import { NotFoundError } from '@flectar/errors'
import { multiLineText, singleLineText } from '@flectar/validation'
import type { ProjectScope } from './customers'

export const quickReplySchema = z.object({
  title: singleLineText({ min: 1, max: 80, required: 'Give it a short name' }),
  body: multiLineText({ min: 1, max: 2000, required: 'Write the text to insert' }),
})

/** The project's saved snippets, by title, for the reply box. */
export async function listQuickReplies(db: DbOrTx, scope: ProjectScope) {
  return await db.select({ id: quickReplies.id, title: quickReplies.title, body: quickReplies.body }).from(quickReplies)
    .where(and(eq(quickReplies.orgId, scope.orgId), eq(quickReplies.projectId, scope.projectId)))
    .orderBy(asc(quickReplies.title))
}

export async function createQuickReply(db: DbOrTx, scope: ProjectScope, input: z.output<typeof quickReplySchema>) {
  const [row] = await db.insert(quickReplies).values({ ...scope, ...input }).returning({ id: quickReplies.id, title: quickReplies.title, body: quickReplies.body })
  return row!
}

export async function deleteQuickReply(db: DbOrTx, scope: ProjectScope, quickReplyId: string) {
  const [row] = await db.delete(quickReplies).where(and(eq(quickReplies.id, quickReplyId), eq(quickReplies.projectId, scope.projectId)))
    .returning({ id: quickReplies.id, title: quickReplies.title })
  if (!row) throw new NotFoundError('This quick reply does not exist.')
  return row
}
