import * as Cause from "effect/Cause"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import { describe, expect, expectTypeOf, it } from "vitest"
import { answerFailure, reportAbortedFailure } from "../src/answerFailure.js"
import type { FailureDescription } from "../src/describeFailure.js"
import { errorOfCause } from "../src/errorOfCause.js"
import type { BaseResponseOptions, FailureContext, ResponseOptions } from "../src/ResponseOptions.js"
import { type ProblemOptions, problemOf } from "../src/toProblem.js"
import { isUpstreamFailure } from "../src/UpstreamFailure.js"
import { withAttempts } from "../src/withAttempts.js"
import { fail, one } from "../../acme/src/index.js"

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

  it("answers each request in its own language with one options object, whatever came before", () => {
    // The options' plan remembers negotiated Accept-Language values: each must keep its own answer.
    const options: ResponseOptions<Req> = {}
    const languageOf = (acceptLanguage: string | undefined) => {
      const answer = answerFailure(failure, { headers: { "accept-language": acceptLanguage } }, options)
      return [answer.headers["content-language"], answer.headers.vary, answer.body.title]
    }
    const cases: ReadonlyArray<readonly [string | undefined, string]> = [
      ["ja", "競合しています"],
      ["en", "Conflict"],
      ["ja", "競合しています"],
      ["fr, ja;q=0.5", "競合しています"],
      ["ja;q=0.1, en;q=0.9", "Conflict"],
      [undefined, "Conflict"],
      [`${"x".repeat(300)}, ja`, "競合しています"]
    ]
    for (const [acceptLanguage, title] of cases) {
      const language = title === "Conflict" ? "en" : "ja"
      expect(languageOf(acceptLanguage), String(acceptLanguage)).toEqual([language, "Accept-Language", title])
    }
    // Past the plan's memory (64 values) it still answers each one right.
    for (let i = 0; i < 100; i++) {
      expect(languageOf(`ja;q=0.${(i % 9) + 1}, x-${i}`)[0]).toBe("ja")
    }
  })

  it("chooses per request with a locale function, and gives each answer headers of its own", () => {
    const options: ResponseOptions<Req> = { locale: (req) => req.id }
    const ja = answerFailure(failure, { headers: { "accept-language": "en" }, id: "ja" }, options)
    const unknown = answerFailure(failure, { headers: { "accept-language": "ja" }, id: "fr" }, options)
    expect([ja.headers["content-language"], ja.headers.vary]).toEqual(["ja", "Accept-Language"])
    expect(unknown.headers["content-language"]).toBe("ja")
    // An adapter may add to an answer's headers: the next answer must not see it.
    ;(ja.headers as Record<string, string>)["x-added"] = "1"
    const again = answerFailure(failure, { headers: {}, id: "ja" }, options)
    expect(again.headers["x-added"]).toBeUndefined()
    expect(again.requestId).not.toBe(ja.requestId)
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

describe("one set of response options", () => {
  it("declares the shared fields once, for toProblem and the adapters", () => {
    expectTypeOf<ProblemOptions>().toExtend<BaseResponseOptions>()
    expectTypeOf<ResponseOptions<Req>>().toExtend<Omit<BaseResponseOptions, "locale">>()
    // The adapters' locale adds a per-request choice to toProblem's fixed one.
    expectTypeOf<ProblemOptions["locale"]>().toExtend<ResponseOptions<Req>["locale"]>()
  })

  it("passes every shared field through answerFailure, as problemOf reads it", () => {
    const failure = fail(one.conflict())
    const shared = {
      statusByCategory: { conflict: 423 },
      typeBaseUri: "https://errors.example/",
      exposeUpstreamCodes: true,
      requestIdHeader: "X-Correlation-Id",
      upstreamRequestIdHeader: "X-Vendor-Id",
      locale: "ja"
    } satisfies BaseResponseOptions
    const { requestId, ...answer } = answerFailure(
      failure,
      { headers: { "x-correlation-id": "corr-7" } },
      shared
    )
    expect(requestId).toBe("corr-7")
    expect(answer).toEqual(problemOf(failure, { ...shared, instance: "corr-7" }))
    expect(answer).toMatchObject({
      status: 423,
      headers: { "x-correlation-id": "corr-7", "x-vendor-id": "req-0001" },
      body: { type: "https://errors.example/conflict", title: "競合しています", upstream: { code: "busy" } }
    })
  })

  it("reports the attempts the failure carries, without counting them again", () => {
    const seen: Array<number | undefined> = []
    answerFailure(
      withAttempts(fail(one.timeout()), 3),
      { headers: {} },
      {
        onFailure: (d) => seen.push(d.attempts)
      }
    )
    answerFailure(fail(one.timeout()), { headers: {} }, { onFailure: (d) => seen.push(d.attempts) })
    expect(seen).toEqual([3, undefined])
  })
})

describe("reportAbortedFailure", () => {
  it("tells the hook the status already sent and that the response is aborted", () => {
    const seen: Array<FailureContext<Req>> = []
    const requestId = reportAbortedFailure(
      fail(one.throttled()),
      { headers: { "x-request-id": "late-1" } },
      { onFailure: (_d, c) => seen.push(c) },
      206
    )
    expect(requestId).toBe("late-1")
    expect(seen).toEqual([expect.objectContaining({ status: 206, aborted: true, requestId: "late-1" })])
  })

  it("says aborted: false for a failure answered with a problem", () => {
    const seen: Array<boolean> = []
    answerFailure(fail(one.throttled()), { headers: {} }, { onFailure: (_d, c) => seen.push(c.aborted) })
    expect(seen).toEqual([false])
  })
})
