import * as Duration from "effect/Duration"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Redacted from "effect/Redacted"
// Core's own source, on purpose: see README.md ("How it is consumed").
import type { Category } from "../../core/src/Category.js"
import { Failure, Reason } from "../../core/src/vendor.js"
import { AcmeError } from "./AcmeError.js"
import { BadField, BadKey, Broken, Busy, Maintenance, Missing, Refused, Slow, Throttled } from "./reasons.js"
import type { AcmeReason } from "./reasons.js"

// The samples core's and the adapters' tests share: one acme failure per category, shaped as an
// adapter meets them, and a DO-API-shaped reason of another made-up vendor ("do-like").

/** Shaped like a DO-API reason: a 200 answer whose body names the error and carries a RequestId. */
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

/**
 * An acme failure of a reason. A do-like reason may ride in one too: the adapters' tests show that
 * what they read is the protocol, not a vendor's class.
 */
export const fail = (r: AcmeReason | RequestRunning): AcmeError => new AcmeError({ reason: r as AcmeReason })

/** Upstream free text that must never reach a response: it holds a credential. */
export const canary = "CANARY-dc-devkey-4f1e9a7b"

/** One reason per category, plain (core's tests). */
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

/** One failure per category, with the upstream status a vendor would have seen (Express tests). */
export const byCategory: { readonly [C in Category]: () => AcmeError } = {
  "invalid-input": () =>
    fail(
      new BadField({
        param: "common_name",
        upstreamStatus: 400,
        issues: [{ param: "common_name", code: "invalid_value" }]
      })
    ),
  "not-found": () => fail(new Missing({ upstreamStatus: 404 })),
  conflict: () => fail(new Busy({ upstreamStatus: 409 })),
  rejected: () => fail(new Refused({ upstreamStatus: 403 })),
  throttled: () => fail(new Throttled({ upstreamStatus: 429, retryAfter: Duration.seconds(5) })),
  unavailable: () => fail(new Maintenance({ upstreamStatus: 503 })),
  timeout: () => fail(new Slow({ upstreamStatus: 504 })),
  "upstream-error": () => fail(new Broken({ upstreamStatus: 500 })),
  misconfigured: () => fail(new BadKey({ upstreamStatus: 401 }))
}

/** One reason per category, upstream messages holding the {@link canary} (Nest tests). */
export const reasons: { readonly [C in Category]: () => AcmeReason } = {
  "invalid-input": () =>
    new BadField({
      param: "common_name",
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

/** A throttled failure whose upstream asked for a wait of `ms` (rounded up to whole seconds). */
export const throttledFor = (ms: number): AcmeError =>
  fail(new Throttled({ upstreamStatus: 429, retryAfter: Duration.millis(ms) }))

/** A DO-API-like failure: every answer, errors included, carries the upstream RequestId. */
export class DoLikeError extends Failure("DoLikeError")<RequestRunning> {}

export const doLikeRunning = (requestId: string): DoLikeError =>
  new DoLikeError({
    reason: new RequestRunning({ upstreamStatus: 200, requestId, retryAfter: Duration.millis(1500) })
  })

/** RequestRunning as an acme failure, with a DO-API-shaped RequestId. */
export const doApiFailure = (): AcmeError =>
  fail(new RequestRunning({ upstreamStatus: 200, requestId: "A1B2C3D4E5F60718293A4B5C6D7E8F90" }))

/** A misconfigured failure holding an upstream message and a credential, both canaries. */
export const misconfiguredWith = (message: string, secret: string): AcmeError =>
  fail(
    new BadKey({
      upstreamStatus: 403,
      code: "access_denied|access_denied_invalid_key",
      upstreamMessage: Redacted.make(message),
      credential: Redacted.make(secret)
    })
  )

/** Effect's own HttpClientError for a transport fault; its cause decides timeout or fault. */
export const transportError = (cause?: unknown): HttpClientError.HttpClientError =>
  new HttpClientError.HttpClientError({
    reason: new HttpClientError.TransportError({
      request: HttpClientRequest.get("https://api.example.test/v2/order?key=SECRET-IN-URL").pipe(
        HttpClientRequest.setHeader("X-DC-DEVKEY", "SECRET-DEVKEY")
      ),
      cause,
      description: "connect ECONNREFUSED upstream-description"
    })
  })
