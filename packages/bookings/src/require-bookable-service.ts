import { InvalidInputError } from '@flectar/errors'
import type { DbOrTx } from '@flectar/db'
import { findService, type ServiceRow } from './load-availability'

/** The project's active service a request names, or a 422 on `serviceId`. */
export async function requireBookableService(db: DbOrTx, projectId: string, serviceId: string): Promise<ServiceRow> {
  const service = await findService(db, projectId, serviceId)
  if (!service) throw new InvalidInputError({ serviceId: 'is not a bookable service of this site' })
  return service
}
