import {
  type DecodeOptions,
  type ErrorResponse,
  hashedCode,
  headerValue,
  ownField,
  parseJsonBody,
  parseRetryAfter,
  statusCategory,
  statusCode,
  upstreamCode,
  upstreamMessage,
  upstreamStatus,
  withoutStackTrace
} from "../../core/src/vendor.js"
import { AcmeError } from "./AcmeError.js"
import { byCode, byStatus, unknown } from "./catalogue.js"
import type { AcmeReason } from "./reasons.js"

type Construct = new (args: Record<string, unknown>) => AcmeReason

// acme documents one field name per code at most; any other is upstream text and not kept.
const knownFields = new Set(["name"])

/**
 * Decodes an acme answer (CONTRACT.md): `{"error":{"code","message","field"?}}` at a non-2xx, or a
 * bare status. Total and synchronous: `undefined` for a 2xx, an `AcmeError` for anything else.
 */
export const decodeError = (response: ErrorResponse, options: DecodeOptions = {}): AcmeError | undefined =>
  withoutStackTrace(() => decode(response, options))

const decode = (response: ErrorResponse, options: DecodeOptions): AcmeError | undefined => {
  let status: number | undefined
  try {
    status = upstreamStatus(response.status)
    if (status !== undefined && status >= 200 && status <= 299) return undefined
    const error = ownField(parseJsonBody(response.body, options.maxBodyLength), "error")
    const raw = upstreamCode(ownField(error, "code"))
    const klass = (raw !== undefined ? byCode.get(raw) : byStatus(status)) ?? unknown
    const field = ownField(error, "field")
    const param = typeof field === "string" && knownFields.has(field) ? field : undefined
    const byItsStatus = klass === unknown && status !== undefined ? statusCategory(status) : {}
    const retryAfter =
      klass.spec.retry === "never"
        ? undefined
        : parseRetryAfter(headerValue(response.headers, "retry-after"), options.now ?? Date.now())
    const reason = new (klass as Construct)({
      code: raw === undefined ? statusCode(status) : klass === unknown ? hashedCode(raw) : klass.spec.code,
      upstreamCode: raw,
      upstreamStatus: status,
      upstreamMessage: upstreamMessage(ownField(error, "message")),
      retryAfter,
      ...byItsStatus,
      ...(param !== undefined ? { param, issues: [{ param, code: "invalid_value" }] } : {})
    })
    return new AcmeError({ reason })
  } catch {
    // Only a hostile object (throwing getters, proxies) gets here.
    return new AcmeError({
      reason: new (unknown as Construct)({ code: statusCode(status), upstreamStatus: status })
    })
  }
}
