import * as Cause from "effect/Cause"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import { describe, expect, it } from "vitest"
import { answerFailure } from "../src/answerFailure.js"
import type { FailureDescription } from "../src/describeFailure.js"
import { errorOfCause } from "../src/errorOfCause.js"
import { isUpstreamFailure } from "../src/UpstreamFailure.js"
import { fail, one } from "./fixtures.js"

interface Req {
  readonly headers: Record<string, string | undefined>
  readonly id?: string
}

describe("answerFailure", () => {
  const failure = fail(one.conflict())

  it("reuses a well-formed incoming request id and negotiates the locale", () => {
    const answer = answerFailure(
      failure,
      { headers: { "x-request-id": "abc-1", "accept-language": "ja" } },
      {}
    )
    expect(answer.requestId).toBe("abc-1")
    expect(answer.body.instance).toBe("abc-1")
    expect(answer.headers["x-request-id"]).toBe("abc-1")
    expect(answer.body.title).toBe("競合しています")
  })

  it("prefers the app's own id and locale, and falls back when its callbacks throw", () => {
    const req: Req = { headers: { "x-request-id": "incoming-1" }, id: "app-1" }
    const own = answerFailure(failure, req, { requestId: (r) => r.id, locale: "ja" })
    expect(own.requestId).toBe("app-1")
    expect(own.body.title).toBe("競合しています")
    const broken = answerFailure(failure, req, {
      requestId: () => {
        throw new Error("no id")
      },
      locale: () => {
        throw new Error("no locale")
      }
    })
    expect(broken.requestId).toBe("incoming-1")
    expect(broken.body.title).toBe("Conflict")
  })

  it("reads the request id from a renamed header, or not at all", () => {
    const req: Req = { headers: { "x-correlation-id": "corr-1", "x-request-id": "req-1" } }
    expect(
      answerFailure(failure, req, { requestIdHeader: "X-Correlation-Id" }).headers["x-correlation-id"]
    ).toBe("corr-1")
    const off = answerFailure(failure, req, { requestIdHeader: false })
    expect(off.requestId).not.toBe("req-1")
    expect(off.headers["x-request-id"]).toBeUndefined()
  })

  it("reports the failure to the hook, and survives a hook that throws", () => {
    const seen: Array<[FailureDescription, number]> = []
    answerFailure(failure, { headers: {} }, { onFailure: (d, c) => seen.push([d, c.status]) })
    expect(seen).toEqual([[expect.objectContaining({ code: "busy", upstreamRequestId: "req-0001" }), 409]])
    const answer = answerFailure(
      failure,
      { headers: {} },
      {
        onFailure: () => {
          throw new Error("logger down")
        }
      }
    )
    expect(answer.status).toBe(409)
  })
})

describe("errorOfCause", () => {
  it("gives what runPromise would reject with when it shows the failure", () => {
    const failure = fail(one.timeout())
    const wrapper = new Error("explicit answer", { cause: failure })
    expect(errorOfCause(Cause.fail(failure))).toBe(failure)
    expect(errorOfCause(Cause.fail(wrapper))).toBe(wrapper)
  })

  it("digs out a failure hidden behind another error", () => {
    const failure = fail(one.timeout())
    expect(errorOfCause(Cause.combine(Cause.fail(new Error("first")), Cause.fail(failure)))).toBe(failure)
    expect(errorOfCause(Cause.die(failure))).toBe(failure)
  })

  it("classifies an HttpClientError and drops its request", () => {
    const request = HttpClientRequest.get("https://api.example/?key=secret")
    const error = errorOfCause(
      Cause.fail(
        new HttpClientError.HttpClientError({ reason: new HttpClientError.TransportError({ request }) })
      )
    )
    expect(isUpstreamFailure(error)).toBe(true)
    expect(JSON.stringify(error)).not.toContain("secret")
  })

  it("leaves unrelated errors alone", () => {
    const plain = new Error("bug")
    expect(errorOfCause(Cause.fail(plain))).toBe(plain)
  })
})
