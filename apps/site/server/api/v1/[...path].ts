import { NotFoundError } from '@flectar/errors'

/** Anything else under /api/v1 is a 404 in the API's own error shape. */
export default defineApiV1Handler(async () => {
  throw new NotFoundError('There is no such endpoint. See /api/v1/openapi.json.', 'endpoint_not_found')
})
