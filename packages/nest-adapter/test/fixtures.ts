import type { Category, RetryPolicy } from "@faultline/core"
import { Failure, Reason } from "@faultline/core/vendor"
import * as Duration from "effect/Duration"
import * as Redacted from "effect/Redacted"

// A made-up vendor with one reason per category, as a vendor package would define it with core.
const reason = <const Tag extends string>(tag: Tag, category: Category, retry: RetryPolicy) =>
  Reason(tag, { vendor: "acme", code: tag.toLowerCase(), category, retry })

export class BadField extends reason("BadField", "invalid-input", "never") {}
export class Missing extends reason("Missing", "not-found", "never") {}
export class Busy extends reason("Busy", "conflict", "safe") {}
export class Refused extends reason("Refused", "rejected", "never") {}
export class Throttled extends reason("Throttled", "throttled", "safe") {}
export class Maintenance extends reason("Maintenance", "unavailable", "safe") {}
export class Slow extends reason("Slow", "timeout", "idempotent-only") {}
export class Broken extends reason("Broken", "upstream-error", "idempotent-only") {}
export class BadKey extends reason("BadKey", "misconfigured", "never") {}

// Shaped like a DO-API reason: a 200 response whose body names the error and carries a RequestId.
export class RequestRunning extends Reason("RequestRunning", {
  vendor: "do-like",
  code: "RequestRunning",
  category: "conflict",
  retry: "safe",
  text: {
    en: { title: "Zone change in progress", detail: "Another change to this zone is still running." },
    ja: { title: "ゾーンを変更中です", detail: "このゾーンへの別の変更がまだ実行中です。" }
  }
}) {}

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
  | RequestRunning

export class AcmeError extends Failure("AcmeError")<
  AcmeReason,
  { readonly upstreamStatus: number | undefined }
> {}

/** Upstream free text that must never reach a response: it holds a credential. */
export const canary = "CANARY-dc-devkey-4f1e9a7b"

export const reasons: { readonly [C in Category]: () => AcmeReason } = {
  "invalid-input": () =>
    new BadField({
      upstreamStatus: 400,
      issues: [{ param: "common_name", code: "invalid_value" }],
      upstreamMessage: Redacted.make(`common_name is invalid (${canary})`)
    }),
  "not-found": () => new Missing({ upstreamStatus: 404 }),
  conflict: () => new Busy({ upstreamStatus: 409 }),
  rejected: () => new Refused({ upstreamStatus: 400 }),
  throttled: () => new Throttled({ upstreamStatus: 429, retryAfter: Duration.seconds(30) }),
  unavailable: () => new Maintenance({ upstreamStatus: 503 }),
  timeout: () => new Slow({ upstreamStatus: 504 }),
  "upstream-error": () => new Broken({ upstreamStatus: 500 }),
  misconfigured: () =>
    new BadKey({
      code: "access_denied|access_denied_invalid_key",
      upstreamStatus: 403,
      requestId: "upstream-req-77",
      upstreamMessage: Redacted.make(`Invalid API key ${canary}`)
    })
}

export const fail = (r: AcmeReason) => new AcmeError({ reason: r, upstreamStatus: r.upstreamStatus })

export const doApiFailure = () =>
  fail(new RequestRunning({ upstreamStatus: 200, requestId: "A1B2C3D4E5F60718293A4B5C6D7E8F90" }))
