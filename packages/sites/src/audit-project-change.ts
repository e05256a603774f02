import { auditChange, type Actor } from '@flectar/accounts'
import type { DbOrTx } from '@flectar/db'
import type { ProjectScope } from './project-scope'

export interface ProjectChange {
  /** What happened, `<thing>.<past tense>`: `page.published`, `booking_service.updated`. */
  action: string
  targetType: string
  targetId: string
  metadata?: Record<string, unknown>
}

/**
 * The audit row of a change to a project (its site, or a module's configuration), in its org's
 * log with the project id in the metadata. Called inside the change's own transaction, so the
 * change and its row commit or fail together.
 */
export async function auditProjectChange(tx: DbOrTx, actor: Actor, scope: ProjectScope, change: ProjectChange): Promise<void> {
  await auditChange(tx, actor, {
    action: change.action,
    orgId: scope.orgId,
    targetType: change.targetType,
    targetId: change.targetId,
    metadata: { projectId: scope.projectId, ...change.metadata },
  })
}
