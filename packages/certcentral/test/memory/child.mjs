// Runs a client call twice against a server that streams a huge body, in a process of its own, and
// prints how far the resident memory grew while the call ran. Uses the built package (dist).
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { CertCentral } from "../../dist/index.js"

const [url, operation] = process.argv.slice(2)
const layer = CertCentral.layer({
  apiKey: Redacted.make("memory-test-key"),
  baseUrl: url,
  retry: false,
  rateLimit: false,
  // The exchange alone is measured: a lost order answer is not looked for here.
  reconcile: false
}).pipe(Layer.provide(FetchHttpClient.layer))

const call = Effect.gen(function* () {
  const client = yield* CertCentral
  return yield* operation === "order"
    ? client.submitOrder("ssl_dv_geotrust", { certificate: { common_name: "example.com" } })
    : client.getOrder(1)
}).pipe(Effect.provide(layer))

// A first call loads and compiles everything it touches; the second one measures the call alone.
await Effect.runPromiseExit(call)
globalThis.gc?.()
const before = process.memoryUsage().rss
let peak = before
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss)
}, 5)
const exit = await Effect.runPromiseExit(Effect.flip(call))
clearInterval(timer)
peak = Math.max(peak, process.memoryUsage().rss)
const error = exit._tag === "Success" ? exit.value : undefined
console.log(JSON.stringify({ growth: peak - before, tag: error?._tag, reason: error?.reason?._tag }))
