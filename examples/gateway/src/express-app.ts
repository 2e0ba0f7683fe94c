import { effectHandler, sendProblem, upstreamErrorHandler } from "@faultline/express-adapter"
import * as Effect from "effect/Effect"
import express, { type ErrorRequestHandler, type Express, type Request } from "express"
import { Certificates, InvalidCertificateRequest } from "./certificates.js"
import { assignRequestId, ownProblem, responseOptions } from "./http.js"
import type { GatewayRuntime } from "./runtime.js"
import type { GatewaySettings } from "./settings.js"

/** A body Express could not parse as JSON is a bad request body like any other. */
const unparsable = (err: unknown): boolean =>
  typeof err === "object" && err !== null && (err as { type?: unknown }).type === "entity.parse.failed"

/** The gateway on Express 5: the routes run as Effects on the app's runtime. */
export const expressGateway = (runtime: GatewayRuntime, settings: GatewaySettings): Express => {
  const app = express()
  app.disable("x-powered-by")
  app.use(assignRequestId)
  app.use(express.json({ limit: "64kb" }))

  // POST /certificates { commonName, csr } -> 201 issued, 202 pending, or a problem.
  app.post(
    "/certificates",
    effectHandler(
      (req, res) =>
        Certificates.use((certificates) => certificates.issue(req.body)).pipe(
          Effect.tap((result) =>
            Effect.sync(() => {
              res.status(result.status === "issued" ? 201 : 202).location(`/certificates/${result.id}`)
            })
          )
        ),
      { runtime }
    )
  )

  // GET /certificates/:id -> the order's state, or a problem (404 for an unknown order).
  app.get(
    "/certificates/:id",
    effectHandler(
      (req: Request<{ id: string }>) => Certificates.use((certificates) => certificates.get(req.params.id)),
      { runtime }
    )
  )

  // Every upstream failure leaves here: problem+json, X-Request-Id, X-Upstream-Request-Id, en/ja,
  // and `orderId` (the `extend` option) once an order was placed.
  const options = responseOptions(settings)
  app.use(upstreamErrorHandler(options))

  // The gateway's own errors, by faultline's `problem()`: the same shape, headers and language;
  // anything else is Express's plain 500.
  const ownErrors: ErrorRequestHandler = (err, req, res, next) => {
    const problem = ownProblem(unparsable(err) ? new InvalidCertificateRequest({ issues: [] }) : err)
    if (problem === undefined) return next(err)
    sendProblem(req, res, problem, options)
  }
  app.use(ownErrors)
  return app
}
