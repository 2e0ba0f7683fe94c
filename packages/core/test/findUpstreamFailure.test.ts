import { inspect } from "node:util"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import { describe, expect, it } from "vitest"
import { findUpstreamFailure } from "../src/findUpstreamFailure.js"
import { fromHttpClientError } from "../src/fromHttpClientError.js"
import { ReasonTypeId } from "../src/UpstreamReason.js"
import { FailureTypeId, isUpstreamFailure } from "../src/UpstreamFailure.js"
import { fail, one } from "../../acme/src/index.js"

const request = HttpClientRequest.post("https://api.example/orders?key=secret")
const response = (status: number, headers: Record<string, string> = {}) =>
  HttpClientResponse.fromWeb(request, new Response(null, { status, headers }))

describe("findUpstreamFailure", () => {
  const error = fail(one.conflict())

  it("returns the failure itself", () => {
    expect(findUpstreamFailure(error)).toBe(error)
  })

  it("finds it through the rejection of Effect.runPromise", async () => {
    const rejected = await Effect.runPromise(Effect.fail(error)).catch((e: unknown) => e)
    expect(findUpstreamFailure(rejected)).toBe(error)
  })

  it("finds it in a Cause and an Exit, typed failures before defects", () => {
    const other = fail(one.timeout())
    const cause = Cause.combine(Cause.die(other), Cause.fail(error))
    expect(findUpstreamFailure(cause)).toBe(error)
    expect(findUpstreamFailure(Cause.die(other))).toBe(other)
    expect(findUpstreamFailure(Exit.failCause(cause))).toBe(error)
    expect(findUpstreamFailure(Exit.succeed(1))).toBeUndefined()
  })

  it("finds it as the cause of a wrapping error and inside an AggregateError", () => {
    expect(findUpstreamFailure(new Error("wrapped", { cause: error }))).toBe(error)
    expect(findUpstreamFailure(new AggregateError([new Error("x"), error]))).toBe(error)
  })

  it("wraps a bare reason", () => {
    const found = findUpstreamFailure(one.throttled())
    expect(found?._tag).toBe("UpstreamError")
    expect(found?.reason.category).toBe("throttled")
  })

  it("returns nothing for unrelated values and survives cycles and hostile getters", () => {
    const cyclic: { cause?: unknown } = {}
    cyclic.cause = cyclic
    const hostile = Object.defineProperty({}, "cause", {
      get() {
        throw new Error("boom")
      },
      enumerable: true
    })
    for (const value of [undefined, null, 42, "x", new Error("x"), cyclic, hostile, Cause.empty]) {
      expect(findUpstreamFailure(value)).toBeUndefined()
    }
  })

  it("recognises failures of another copy of core by their type ids, not by class", () => {
    // Another copy of core defines its own constants; only their literal values are shared.
    expect(ReasonTypeId).toBe("~@faultline/core/UpstreamReason")
    expect(FailureTypeId).toBe("~@faultline/core/UpstreamFailure")
    const foreignReason = {
      "~@faultline/core/UpstreamReason": "~@faultline/core/UpstreamReason",
      _tag: "Foreign",
      message: "x",
      vendor: "other",
      code: "E1",
      upstreamStatus: 409,
      category: "conflict",
      retry: "never"
    }
    const foreign = {
      "~@faultline/core/UpstreamFailure": "~@faultline/core/UpstreamFailure",
      _tag: "OtherError",
      reason: foreignReason
    }
    expect(isUpstreamFailure(foreign)).toBe(true)
    expect(findUpstreamFailure(foreign)).toBe(foreign)
    expect(isUpstreamFailure({ ...foreign, reason: { ...foreignReason, category: "bogus" } })).toBe(false)
  })
})

describe("fromHttpClientError", () => {
  const classify = (reason: HttpClientError.HttpClientErrorReason) =>
    fromHttpClientError(new HttpClientError.HttpClientError({ reason }), { vendor: "acme", now: 0 }).reason

  it("classifies transport faults and timeouts", () => {
    expect(classify(new HttpClientError.TransportError({ request }))).toMatchObject({
      category: "upstream-error",
      retry: "idempotent-only",
      vendor: "acme"
    })
    const timeout = new HttpClientError.TransportError({
      request,
      cause: Object.assign(new Error("t"), { code: "UND_ERR_HEADERS_TIMEOUT" })
    })
    expect(classify(timeout)).toMatchObject({ category: "timeout", retry: "idempotent-only" })
    const abort = new HttpClientError.TransportError({
      request,
      cause: new DOMException("t", "TimeoutError")
    })
    expect(classify(abort).category).toBe("timeout")
  })

  it("classifies statuses, unreadable bodies and our own request bugs", () => {
    expect(
      classify(
        new HttpClientError.StatusCodeError({ request, response: response(429, { "retry-after": "3" }) })
      )
    ).toMatchObject({ category: "throttled", retry: "safe", upstreamStatus: 429, code: "http_429" })
    expect(classify(new HttpClientError.StatusCodeError({ request, response: response(502) })).category).toBe(
      "upstream-error"
    )
    expect(classify(new HttpClientError.DecodeError({ request, response: response(200) })).category).toBe(
      "upstream-error"
    )
    expect(classify(new HttpClientError.InvalidUrlError({ request })).category).toBe("misconfigured")
  })

  it("reads Retry-After from the response", () => {
    const reason = classify(
      new HttpClientError.StatusCodeError({ request, response: response(503, { "retry-after": "3" }) })
    )
    expect(reason.retryAfter?.toJSON()).toMatchObject({ millis: 3000 })
  })

  it("keeps nothing of the request, not even behind cause", () => {
    const socket = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })
    const keyed = HttpClientRequest.setHeader(request, "x-api-key", "secret")
    const failure = fromHttpClientError(
      new HttpClientError.HttpClientError({
        reason: new HttpClientError.TransportError({ request: keyed, cause: socket })
      })
    )
    expect(JSON.stringify(failure)).not.toContain("secret")
    expect(failure.message).not.toContain("secret")
    expect(failure.cause).toBeInstanceOf(Error)
    expect(failure.cause).toMatchObject({ name: "Error", message: "ECONNREFUSED", code: "ECONNREFUSED" })
    // Reachable properties, walked like a curious logger would.
    const seen = new Set<unknown>()
    const walk = (value: unknown, depth: number): void => {
      if (depth > 6 || typeof value !== "object" || value === null || seen.has(value)) return
      seen.add(value)
      for (const key of Reflect.ownKeys(value)) {
        const child = (value as Record<PropertyKey, unknown>)[key]
        expect(typeof child === "string" && child.includes("secret")).toBe(false)
        walk(child, depth + 1)
      }
    }
    walk(failure, 0)
  })

  it("keeps the fault's name and code but never its message, which can quote a header we sent", () => {
    // undici refuses a header value with a control character and quotes it in the message.
    const refused = new TypeError('Headers.append: "KEY-1\nSECOND" is an invalid header value.')
    const wrapped = new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNRESET 10.0.0.1:443 KEY-1"), {
        code: "ECONNRESET",
        syscall: "read"
      })
    })
    for (const cause of [refused, wrapped]) {
      const failure = fromHttpClientError(
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.TransportError({ request, cause })
        })
      )
      const text = inspect(failure, { depth: 10, showHidden: true })
      expect(text).not.toContain("KEY-1")
      expect(failure.cause).toMatchObject({ name: "TypeError" })
    }
    const failure = fromHttpClientError(
      new HttpClientError.HttpClientError({
        reason: new HttpClientError.TransportError({ request, cause: wrapped })
      })
    )
    expect((failure.cause as Error).cause).toMatchObject({ code: "ECONNRESET", syscall: "read" })
  })
})
