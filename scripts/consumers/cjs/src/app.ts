// A CommonJS consumer (package.json "type": "commonjs"; tsc turns these imports into require()):
// every package loads through require() of ES modules (Node >= 20.19), and an Express app maps
// CertCentral's throttling over real HTTP.
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { CertCentral } from "@faultline/certcentral"
import { toProblem } from "@faultline/core"
import { effectHandler, upstreamErrorHandler } from "@faultline/express-adapter"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import express = require("express")

// The upstream: CertCentral's rate limit, without a Retry-After (DigiCert documents none).
const upstream = createServer((_req, res) => {
  res.writeHead(429, { "content-type": "application/json" })
  res.end(JSON.stringify({ errors: [{ code: "request_limit_exceeded", message: "Too many requests" }] }))
})
upstream.listen(0, "127.0.0.1", () => {
  const runtime = ManagedRuntime.make(
    CertCentral.layer({
      apiKey: Redacted.make("smoke-test-key"),
      baseUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/services/v2/`,
      retry: false
    }).pipe(Layer.provide(FetchHttpClient.layer))
  )
  const app = express()
  app.get(
    "/certificates/:orderId",
    effectHandler((req) => CertCentral.use((c) => c.getOrder(String(req.params.orderId))), { runtime })
  )
  app.use(upstreamErrorHandler())
  const server = app.listen(0, "127.0.0.1", () => {
    console.log(`LISTENING ${(server.address() as AddressInfo).port} ${typeof toProblem}`)
  })
  process.on("SIGTERM", () => {
    server.close()
    upstream.close()
    void runtime.dispose()
  })
})
