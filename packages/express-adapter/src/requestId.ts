import { defaultRequestIdHeader, isWellFormedRequestId, requestIdFrom } from "@faultline/core"
import type { Request } from "express"
import type { UpstreamErrorHandlerOptions } from "./options.js"

/**
 * Our id for this request: the app's own when it supplies a well-formed one, else the incoming
 * request-id header when well-formed, else a new UUID (see core's `requestIdFrom`).
 */
export const requestIdOf = (req: Request, options: UpstreamErrorHandlerOptions): string => {
  const own = options.requestId?.(req)
  if (isWellFormedRequestId(own)) return own
  const header = options.requestIdHeader ?? defaultRequestIdHeader
  return requestIdFrom(header === false ? undefined : req.headers[header.toLowerCase()])
}
