import { inspect } from "node:util"
import * as Effect from "effect/Effect"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Redacted from "effect/Redacted"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { categories } from "../src/Category.js"
import { describeFailure } from "../src/describeFailure.js"
import { findUpstreamFailure } from "../src/findUpstreamFailure.js"
import { toProblem } from "../src/toProblem.js"
import { AcmeError, one } from "../../acme/src/index.js"

// Every surface an error or a problem can be seen through.
const surfaces = (value: unknown): ReadonlyArray<string> => {
  const error = value as Error
  return [
    String(error.message),
    String(error.stack ?? ""),
    String(error),
    JSON.stringify(value),
    inspect(value, { depth: 10, showHidden: false }),
    JSON.stringify(describeFailure(findUpstreamFailure(value)!))
  ]
}

const problemSurfaces = (value: unknown, acceptLanguage: string): ReadonlyArray<string> => {
  const problem = toProblem(value, { acceptLanguage, exposeUpstreamCodes: true })
  return [JSON.stringify(problem.body), JSON.stringify(problem.headers)]
}

// Canaries long and odd enough never to occur in our own catalogue text by chance.
const canary = fc.string({ minLength: 12, maxLength: 40 }).map((s) => `CANARY<${s}>`)

describe("no upstream text or secret leaks", () => {
  it("keeps upstream messages and credentials out of every error and problem surface", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...categories),
        canary,
        canary,
        fc.constantFrom("en", "ja", "ja-JP, en;q=0.1", ""),
        (category, message, secret, acceptLanguage) => {
          const base = one[category]()
          const reason = new (base.constructor as new (args: object) => typeof base)({
            ...base,
            upstreamMessage: Redacted.make(message),
            credential: Redacted.make(secret)
          })
          const error = new AcmeError({ reason, upstreamStatus: reason.upstreamStatus })
          for (const text of [...surfaces(error), ...problemSurfaces(error, acceptLanguage)]) {
            expect(text).not.toContain(message)
            expect(text).not.toContain(secret)
          }
          // …while staying available to code that asks for it on purpose.
          expect(Redacted.value(error.reason.upstreamMessage!)).toBe(message)
        }
      ),
      { numRuns: 300 }
    )
  })

  it("keeps request URLs, headers and keys of transport errors out of the classified failure", async () => {
    await fc.assert(
      fc.asyncProperty(canary, async (secret) => {
        const request = HttpClientRequest.get(
          `https://api.example/x?token=${encodeURIComponent(secret)}`
        ).pipe(HttpClientRequest.setHeader("X-DC-DEVKEY", secret))
        const raw = new HttpClientError.HttpClientError({
          reason: new HttpClientError.TransportError({
            request,
            description: secret,
            cause: new TypeError(`Headers.append: "${secret}" is an invalid header value.`)
          })
        })
        const rejected = await Effect.runPromise(Effect.fail(raw)).catch((e: unknown) => e)
        const failure = findUpstreamFailure(rejected)!
        for (const text of [...surfaces(failure), ...problemSurfaces(rejected, "en")]) {
          expect(text).not.toContain(secret)
          expect(text).not.toContain(encodeURIComponent(secret))
        }
      }),
      { numRuns: 100 }
    )
  })

  it("gives errors no status, statusCode or headers for frameworks to copy", () => {
    for (const category of categories) {
      const error = new AcmeError({ reason: one[category](), upstreamStatus: 500 })
      for (const key of ["status", "statusCode", "headers"]) {
        expect(key in error).toBe(false)
        expect(key in error.reason).toBe(false)
      }
    }
  })
})
