// Runs a client call twice against a server that streams a huge body, in a process of its own, and
// prints how far the resident memory grew while the call ran. Uses the built package (dist).
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { DoApi } from "../../dist/index.js"

const [url, operation] = process.argv.slice(2)
const layer = DoApi.layer({
  accessKey: Redacted.make("memory-test-access"),
  secretKey: Redacted.make("memory-test-secret"),
  serviceCode: "do0000001",
  baseUrl: url,
  retry: false
}).pipe(Layer.provide(FetchHttpClient.layer))

const call = Effect.gen(function* () {
  const client = yield* DoApi
  return yield* operation === "commit" ? client.commit() : client.listZones()
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
