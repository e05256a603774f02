import { verifyProjectChains } from '@flectar/invoices'
import { auditProjectChange } from '@flectar/sites'

/** Recomputes every VeriFactu hash of the site's chains and checks each link: `{ chains: [{ issuerTaxId, count, valid, broken }] }`. */
export default defineEventHandler(async (event) => {
  const { db, scope, actor } = await requireProjectAccess(event, 'viewer')
  const chains = await verifyProjectChains(db, scope.orgId, scope.projectId)
  await auditProjectChange(db, actor, scope, {
    action: 'invoices.verifactu_verified', targetType: 'project', targetId: scope.projectId,
    metadata: { chains: chains.map(chain => ({ issuerTaxId: chain.issuerTaxId, count: chain.count, valid: chain.valid })) },
  })
  return { chains, checkedAt: new Date().toISOString() }
})
