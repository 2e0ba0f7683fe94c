// A tour of @faultline/core with a made-up upstream: define a vendor's reasons, recover one typed,
// retry another within its policy, and turn what is left into the problem a caller would receive.
import { describeFailure, Failure, Reason, retryUpstream, toProblem } from "@faultline/core"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

class OrderPending extends Reason("OrderPending", {
  vendor: "demo",
  code: "pending_reissue",
  category: "conflict",
  retry: "never",
  text: {
    en: { title: "Reissue pending", detail: "A previous reissue of this order is still pending." },
    ja: { title: "再発行が保留中です", detail: "このオーダーの前回の再発行がまだ保留中です。" }
  }
}) {}
class RateLimited extends Reason("RateLimited", {
  vendor: "demo",
  code: "request_limit_exceeded",
  category: "throttled",
  retry: "safe"
}) {}
class BadKey extends Reason("BadKey", {
  vendor: "demo",
  code: "access_denied",
  category: "misconfigured",
  retry: "never"
}) {}
class DemoError extends Failure("DemoError") {}

const section = (title) => console.log(`\n=== ${title}`)

// 1. Typed recovery: handle one reason, let the others through.
section("typed recovery with Effect.catchReason")
const pending = Effect.fail(new DemoError({ reason: new OrderPending({ upstreamStatus: 400 }) }))
const recovered = await Effect.runPromise(
  pending.pipe(
    Effect.catchReason("DemoError", "OrderPending", () => Effect.succeed("waited for the reissue"))
  )
)
console.log("recovered:", recovered)

// 2. retryUpstream: a POST is retried on a rate limit (the upstream did not process it), never sooner
// than Retry-After; the final failure says how often the request was sent.
section("retryUpstream on a rate-limited POST")
let calls = 0
const submitOrder = Effect.suspend(() => {
  calls++
  const reason = new RateLimited({ upstreamStatus: 429, retryAfter: Duration.millis(50) })
  return calls < 3 ? Effect.fail(new DemoError({ reason })) : Effect.succeed({ orderId: 4242 })
})
const started = Date.now()
const order = await Effect.runPromise(
  submitOrder.pipe(retryUpstream({ idempotent: false, baseDelay: "10 millis" }))
)
console.log(`order ${order.orderId} after ${calls} attempts in ${Date.now() - started} ms`)

// 3. What a caller sees, and what the operator logs, for a credential failure.
section("problem responses (en, ja) for a misconfigured failure")
const leaked = new DemoError({
  reason: new BadKey({ upstreamStatus: 403, upstreamMessage: Redacted.make("key sk_live_123 is revoked") })
})
for (const acceptLanguage of ["en", "ja"]) {
  const problem = toProblem(leaked, { acceptLanguage, instance: "req-7f3a" })
  console.log(problem.status, JSON.stringify(problem.headers))
  console.log(JSON.stringify(problem.body, null, 2))
}
console.log("operator log:", JSON.stringify(describeFailure(leaked)))
console.log("error as logged:", JSON.stringify(leaked))
