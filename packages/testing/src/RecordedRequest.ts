import type { IncomingHttpHeaders } from "node:http"

/** A request as a simulator received it, secrets redacted, in arrival order. */
export interface RecordedRequest {
  readonly method: string
  /** The path as sent, percent-encoding kept, without the query. */
  readonly path: string
  /** The query string without `?` (`""` when none). */
  readonly query: string
  /** Lower-case names; `x-dc-devkey` and `authorization` values are replaced by `[redacted]`. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /**
   * Whether the request carried valid credentials, checked for every request, faulted ones included:
   * a known `X-DC-DEVKEY` (CertCentral), a known key with a valid, unexpired IIJAPI signature (DO-API).
   */
  readonly authenticated: boolean
}

/** The headers that carry a vendor credential: recorded, but never with their value. */
export const secretHeaders: ReadonlyArray<string> = ["x-dc-devkey", "authorization"]

export const redactedHeaders = (headers: IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    out[name] = secretHeaders.includes(name) ? "[redacted]" : Array.isArray(value) ? value.join(", ") : value
  }
  return out
}
