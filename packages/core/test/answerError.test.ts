import * as Cause from "effect/Cause"
import { describe, expect, it } from "vitest"
import { answerError } from "../src/adapter/answerError.js"
import type { FailureDescription } from "../src/describeFailure.js"
import type { FailureContext } from "../src/ResponseOptions.js"
import { FailureTypeId } from "../src/UpstreamFailure.js"
import { fail, one } from "../../acme/src/index.js"

interface Req {
  readonly headers: Record<string, string | undefined>
}

const request: Req = { headers: { "x-request-id": "req-42" } }
const fresh = { headersSent: false, statusCode: 200 }

const recorder = () => {
  const seen: Array<[FailureDescription, FailureContext<Req>]> = []
  return {
    seen,
    options: { onFailure: (d: FailureDescription, c: FailureContext<Req>) => seen.push([d, c]) }
  }
}

describe("answerError", () => {
  it("answers an upstream failure, wherever it is wrapped, with the problem and one report", () => {
    const { seen, options } = recorder()
    const failure = fail(one.conflict())
    const outcome = answerError(new Error("wrapper", { cause: Cause.fail(failure) }), request, fresh, options)
    expect(outcome._tag).toBe("Problem")
    if (outcome._tag !== "Problem") return
    expect(outcome.failure).toBe(failure)
    expect(outcome.answer).toMatchObject({ status: 409, requestId: "req-42", body: { instance: "req-42" } })
    expect(seen).toHaveLength(1)
    expect(seen[0]![1]).toMatchObject({ status: 409, aborted: false, requestId: "req-42" })
  })

  it("leaves errors with no upstream failure to the framework, unreported", () => {
    const { seen, options } = recorder()
    for (const error of [new Error("bug"), "a string", undefined, { cause: new Error("deeper") }]) {
      expect(answerError(error, request, fresh, options)).toEqual({ _tag: "NotOurs" })
    }
    expect(seen).toEqual([])
  })

  it("leaves the app's explicit answer to the framework, even with an upstream cause, headers sent or not", () => {
    const { seen, options } = recorder()
    const locked = Object.assign(new Error("Order is locked", { cause: fail(one.conflict()) }), {
      status: 423
    })
    const stated = { getStatus: () => 502, cause: fail(one.timeout()) }
    for (const progress of [fresh, { headersSent: true, statusCode: 200 }]) {
      expect(answerError(locked, request, progress, options)).toEqual({ _tag: "NotOurs" })
      expect(answerError(stated, request, progress, options)).toEqual({ _tag: "NotOurs" })
    }
    expect(seen).toEqual([])
  })

  it("is too late once the headers were sent: reports the status sent, aborted, and builds no problem", () => {
    const { seen, options } = recorder()
    const failure = fail(one.throttled())
    const outcome = answerError(failure, request, { headersSent: true, statusCode: 206 }, options)
    expect(outcome).toEqual({ _tag: "Abort", failure, requestId: "req-42" })
    expect(seen).toHaveLength(1)
    expect(seen[0]![0].category).toBe("throttled")
    expect(seen[0]![1]).toMatchObject({ status: 206, aborted: true, requestId: "req-42", error: failure })
  })

  it("searches the error once", () => {
    let reads = 0
    const failure = new Proxy(fail(one.conflict()), {
      get: (target, key, receiver) => {
        if (key === FailureTypeId) reads++
        return Reflect.get(target, key, receiver)
      }
    })
    const outcome = answerError(new Error("wrapper", { cause: failure }), request, fresh, {})
    expect(outcome._tag).toBe("Problem")
    expect(reads).toBe(1)
  })
})
