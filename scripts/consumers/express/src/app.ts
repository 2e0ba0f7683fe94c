// A consumer with only @faultline/core, @faultline/certcentral and @faultline/express-adapter: an
// Express app whose CertCentral order lookup fails upstream, answered as a problem over real HTTP.
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { CertCentral, CertCentralError } from "@faultline/certcentral"
import { decodeError } from "@faultline/certcentral/decode"
import type { FailureDescription } from "@faultline/core"
import { effectHandler, upstreamErrorHandler } from "@faultline/express-adapter"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import express, { type Request } from "express"

// The decoder-only entry resolves (types and code) and holds the same classes as the main entry.
const decoded = decodeError({ status: 429, body: '{"errors":[{"code":"request_limit_exceeded"}]}' })
if (!(decoded instanceof CertCentralError) || decoded.reason._tag !== "RequestLimitExceeded") {
  throw new Error("@faultline/certcentral/decode did not decode to the main entry's CertCentralError")
}

// The upstream: CertCentral answering every order lookup "not_found|order".
const upstream = createServer((_req, res) => {
  res.writeHead(404, { "content-type": "application/json" })
  res.end(JSON.stringify({ errors: [{ code: "not_found|order", message: "Order not found" }] }))
})
await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve))
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/services/v2/`

const runtime = ManagedRuntime.make(
  CertCentral.layer({ apiKey: Redacted.make("smoke-test-key"), baseUrl: upstreamUrl }).pipe(
    Layer.provide(FetchHttpClient.layer)
  )
)

const app = express()
app.get(
  "/certificates/:orderId",
  effectHandler(
    (req: Request<{ orderId: string }>) =>
      CertCentral.use((certCentral) => certCentral.getOrder(req.params.orderId)).pipe(
        Effect.map((order) => ({ id: order.id, status: order.status }))
      ),
    { runtime }
  )
)
app.use(
  upstreamErrorHandler({
    onFailure: (description: FailureDescription, { requestId }) =>
      console.log(`upstream failure ${description.code} ${requestId}`)
  })
)

const server = app.listen(0, "127.0.0.1", () => {
  console.log(`LISTENING ${(server.address() as AddressInfo).port}`)
})
process.on("SIGTERM", () => {
  server.close()
  upstream.close()
  void runtime.dispose()
})
