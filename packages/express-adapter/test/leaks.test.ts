import { type Category, categories } from "@faultline/core"
import { inspect } from "node:util"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import express from "express"
import fc from "fast-check"
import request from "supertest"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { effectHandler, upstreamErrorHandler } from "../src/index.js"
import { AcmeError, type AcmeReason, byCategory } from "@faultline/acme-vendor"
import { type Served, serve } from "./serve.js"

// The failure the next request throws; requests run one at a time.
let current: AcmeError = byCategory.conflict()

// A copy of a category's reason carrying upstream text and a credential, as a vendor decoder would
// keep them (Redacted). For misconfigured failures even the code is secret.
const withCanaries = (category: Category, message: string, secret: string, token: string): AcmeError => {
  const base = byCategory[category]().reason
  const Klass = base.constructor as new (args: object) => AcmeReason
  const reason = new Klass({
    ...base,
    ...(category === "misconfigured" ? { code: `access_denied|${token}` } : {}),
    upstreamMessage: Redacted.make(message),
    credential: Redacted.make(secret)
  })
  return new AcmeError({ reason, upstreamStatus: reason.upstreamStatus })
}

const makeApp = (withMiddleware: boolean) => {
  const app = express()
  app.set("env", "production")
  app.get("/thrown", () => {
    throw current
  })
  app.get(
    "/effect",
    effectHandler(() => Effect.fail(current))
  )
  app.get("/rejected", async () => {
    await Effect.runPromise(Effect.fail(current))
  })
  if (withMiddleware) app.use(upstreamErrorHandler({ exposeUpstreamCodes: true }))
  return app
}

const logged: Array<string> = []
// Every upstream message and credential canary used, to look for them in the logs at the end.
const hidden: Array<string> = []
let adapted: Served
let plain: Served
beforeAll(async () => {
  // Outside env "test" Express logs each error it handles (deferred, after the response): keep the
  // run quiet, and check below that those logs hold no upstream text either.
  vi.spyOn(console, "error").mockImplementation((...args: Array<unknown>) => {
    logged.push(args.map((a) => inspect(a, { depth: 10 })).join(" "))
  })
  adapted = await serve(makeApp(true))
  plain = await serve(makeApp(false))
})
afterAll(async () => {
  await adapted.close()
  await plain.close()
  await new Promise((resolve) => setImmediate(resolve))
  vi.restoreAllMocks()
})

// Token characters survive JSON escaping unchanged, so a leak is always visible as a substring. Each
// kind has its own prefix: fast-check likes to repeat strings, and a secret equal to the code token
// (which logs may show, as part of our own message) would be a false alarm.
const token = (kind: string) => fc.stringMatching(/^[A-Za-z0-9]{16,32}$/).map((s) => `CANARY${kind}${s}`)

describe("no upstream text reaches a response", () => {
  it("keeps random upstream messages, credentials and secret codes out of bodies and headers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...categories),
        fc.string({ maxLength: 60 }),
        token("M"),
        token("S"),
        token("C"),
        fc.constantFrom("en", "ja", "ja-JP,en;q=0.5", "", "*"),
        fc.constantFrom("/thrown", "/effect", "/rejected"),
        async (category, noise, inMessage, secret, codeToken, acceptLanguage, path) => {
          const message = `${noise} ${inMessage} ${noise}`
          current = withCanaries(category, message, secret, codeToken)
          hidden.push(inMessage, secret)
          for (const served of [adapted, plain]) {
            const res = await request(served.url).get(path).set("Accept-Language", acceptLanguage)
            const seen = `${JSON.stringify(res.headers)}\n${res.text}`
            expect(seen).not.toContain(inMessage)
            expect(seen).not.toContain(secret)
            if (category === "misconfigured") {
              expect(seen).not.toContain(codeToken)
              expect(seen).not.toContain("access_denied")
            }
            if (served === plain) expect(res.status).toBe(500)
          }
        }
      ),
      { numRuns: 100 }
    )
    // Express's own error log shows our inspect output: upstream text and credentials redacted.
    await new Promise((resolve) => setImmediate(resolve))
    expect(logged.length).toBeGreaterThan(0)
    expect(logged.join("\n")).toContain("<redacted>")
    const log = logged.join("\n")
    for (const canary of hidden) expect(log).not.toContain(canary)
  })
})
