import type { Category } from "../src/Category.js"
import { Failure } from "../src/Failure.js"
import { Reason } from "../src/Reason.js"
import type { RetryPolicy } from "../src/RetryPolicy.js"

// A made-up vendor with one reason per category, as a vendor package would define it.
const reason = <const Tag extends string>(tag: Tag, category: Category, retry: RetryPolicy, titled = false) =>
  Reason(tag, {
    vendor: "acme",
    code: tag.toLowerCase(),
    category,
    retry,
    text: titled
      ? {
          en: { title: `${tag} title`, detail: `${tag} detail` },
          ja: { title: `${tag} 題`, detail: `${tag} 詳細` }
        }
      : undefined
  })

export class BadField extends reason("BadField", "invalid-input", "never", true)<{
  readonly param: string
}> {}
export class Missing extends reason("Missing", "not-found", "never") {}
export class Busy extends reason("Busy", "conflict", "safe") {}
export class Refused extends reason("Refused", "rejected", "never") {}
export class Throttled extends reason("Throttled", "throttled", "safe") {}
export class Maintenance extends reason("Maintenance", "unavailable", "safe") {}
export class Slow extends reason("Slow", "timeout", "idempotent-only") {}
export class Broken extends reason("Broken", "upstream-error", "idempotent-only") {}
export class BadKey extends reason("BadKey", "misconfigured", "never", true) {}

export type AcmeReason =
  | BadField
  | Missing
  | Busy
  | Refused
  | Throttled
  | Maintenance
  | Slow
  | Broken
  | BadKey

export class AcmeError extends Failure("AcmeError")<
  AcmeReason,
  { readonly upstreamStatus: number | undefined }
> {}

export const one: { readonly [C in Category]: () => AcmeReason } = {
  "invalid-input": () =>
    new BadField({ param: "name", upstreamStatus: 400, issues: [{ param: "name", code: "invalid_value" }] }),
  "not-found": () => new Missing({ upstreamStatus: 404 }),
  conflict: () => new Busy({ upstreamStatus: 200, requestId: "req-0001" }),
  rejected: () => new Refused({ upstreamStatus: 400 }),
  throttled: () => new Throttled({ upstreamStatus: 429 }),
  unavailable: () => new Maintenance({ upstreamStatus: 503 }),
  timeout: () => new Slow({ upstreamStatus: 503 }),
  "upstream-error": () => new Broken({ upstreamStatus: 500 }),
  misconfigured: () => new BadKey({ upstreamStatus: 401 })
}

export const fail = (r: AcmeReason) => new AcmeError({ reason: r, upstreamStatus: r.upstreamStatus })
