import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { answerError } from "../src/adapter/answerError.js"
import { problem } from "../src/appProblem.js"
import { errorOfCause } from "../src/errorOfCause.js"
import { problemTextCodes } from "../src/ProblemMessages.js"
import { reservedMembers } from "../src/problemExtensions.js"
import { requestIdFrom } from "../src/RequestId.js"
import type { ResponseOptions } from "../src/ResponseOptions.js"
import { toProblem } from "../src/toProblem.js"
import { validateResponseOptions } from "../src/validateResponseOptions.js"
import { BadField, canary, fail, one, reasons } from "../../acme/src/index.js"

interface Req {
  readonly headers: Record<string, string | undefined>
}
const request: Req = { headers: { "x-request-id": "req-42", "accept-language": "ja" } }
const fresh = { headersSent: false, statusCode: 200 }

// An app's wrapper around the failure, as the gateway's OrderStepFailed: a typed field to extend with.
class StepFailed extends Error {
  constructor(
    readonly orderId: number,
    cause: unknown
  ) {
    super("step failed", { cause })
  }
}

describe("one answer path", () => {
  it("finds the failure once per request: the error passed on is not searched again", () => {
    const failure = fail(one.conflict())
    let reads = 0
    // Every search reads `cause`: counting the reads counts the searches, on a real error.
    const wrapper = new Error("wrapper")
    Object.defineProperty(wrapper, "cause", {
      get: () => {
        reads++
        return failure
      }
    })
    const passedOn = errorOfCause(Cause.fail(wrapper))
    expect(passedOn).toBe(wrapper)
    const outcome = answerError(passedOn, request, fresh, {})
    expect(outcome._tag).toBe("Problem")
    expect(reads).toBe(1)
  })

  it("answers an Exit, a Cause and a thrown error alike", () => {
    const failure = fail(one["not-found"]())
    const answers = [
      Exit.fail(failure),
      Cause.fail(failure),
      failure,
      new Error("x", { cause: failure })
    ].map((source) => answerError(source, request, fresh, {}))
    for (const outcome of answers) {
      expect(outcome._tag).toBe("Problem")
      if (outcome._tag === "Problem") expect(outcome.answer.status).toBe(404)
    }
    expect(answerError(Exit.succeed(1), request, fresh, {})).toEqual({ _tag: "NotOurs" })
    expect(answerError(Exit.fail(new Error("plain")), request, fresh, {})).toEqual({ _tag: "NotOurs" })
  })
})

describe("extend", () => {
  const options: ResponseOptions<Req, "orderId" | "step" | "note"> = {
    extensionMembers: ["orderId", "step", "note"],
    extend: (_failure, _request, error) =>
      error instanceof StepFailed ? { orderId: error.orderId, step: "dcv_check" } : undefined
  }

  it("adds the declared members computed from typed fields", () => {
    const outcome = answerError(new StepFailed(1234, fail(one.conflict())), request, fresh, options)
    if (outcome._tag !== "Problem") throw new Error("expected a problem")
    expect(outcome.answer.body).toMatchObject({
      status: 409,
      code: "conflict",
      orderId: 1234,
      step: "dcv_check"
    })
  })

  it("never lets a member override ours, or an undeclared one through", () => {
    const hostile = {
      extensionMembers: ["orderId"],
      extend: () => ({ orderId: 7, status: 200, title: "ok", code: "fine", instance: "x", other: "y" })
    } as unknown as ResponseOptions<Req>
    const outcome = answerError(fail(one.conflict()), request, fresh, hostile)
    if (outcome._tag !== "Problem") throw new Error("expected a problem")
    expect(outcome.answer.body).toMatchObject({
      status: 409,
      code: "conflict",
      instance: "req-42",
      orderId: 7
    })
    expect(outcome.answer.body).not.toHaveProperty("other")
    expect(outcome.answer.body.title).not.toBe("ok")
  })

  it("drops a value copied from upstream text: the message, a piece of it, the raw code", () => {
    const reason = new BadField({
      param: "name",
      upstreamStatus: 400,
      code: "weird_code_9",
      upstreamMessage: Redacted.make(`name is bad: ${canary} see docs`)
    })
    const copying: ResponseOptions<Req, "note" | "orderId"> = {
      extensionMembers: ["note", "orderId"],
      extend: (failure) => {
        const r = failure.reason
        const message = r.upstreamMessage ? Redacted.value(r.upstreamMessage) : ""
        return { note: message.includes(canary) ? canary : message, orderId: 1 }
      }
    }
    const outcome = answerError(fail(reason), request, fresh, copying)
    if (outcome._tag !== "Problem") throw new Error("expected a problem")
    expect(JSON.stringify(outcome.answer.body)).not.toContain(canary)
    expect(outcome.answer.body).not.toHaveProperty("note")
    expect(outcome.answer.body).toMatchObject({ orderId: 1 })
    const whole: ResponseOptions<Req, "note"> = {
      extensionMembers: ["note"],
      extend: (failure) => ({
        note: failure.reason.upstreamMessage ? Redacted.value(failure.reason.upstreamMessage) : ""
      })
    }
    const sentence = answerError(fail(reason), request, fresh, whole)
    if (sentence._tag !== "Problem") throw new Error("expected a problem")
    expect(sentence.answer.body).not.toHaveProperty("note")
    const rawCode: ResponseOptions<Req, "note"> = {
      extensionMembers: ["note"],
      extend: (failure) => ({
        note: failure.reason.upstreamCode ? Redacted.value(failure.reason.upstreamCode) : "none"
      })
    }
    const coded = answerError(fail(reasons["invalid-input"]()), request, fresh, rawCode)
    if (coded._tag !== "Problem") throw new Error("expected a problem")
    expect(coded.answer.body.note).toBe("none")
  })

  it("refuses reserved or malformed declarations at construction", () => {
    for (const name of reservedMembers) {
      expect(() => validateResponseOptions({ extensionMembers: [name], extend: () => ({}) })).toThrow(
        new RegExp(`cannot declare ${name}`)
      )
    }
    expect(() => validateResponseOptions({ extensionMembers: ["order id"], extend: () => ({}) })).toThrow(
      /bad member name/
    )
    expect(() => validateResponseOptions({ extensionMembers: ["orderId"] })).toThrow(/needs an extend/)
    expect(() => validateResponseOptions({ extend: () => ({}) })).toThrow(/extensionMembers must be/)
  })
})

describe("problem(): an app's own error", () => {
  it("has the shape and headers of an upstream failure's problem", () => {
    const options = { instance: "req-9", acceptLanguage: "ja" }
    const own = problem(
      { status: 422, code: "name_outside_zones", title: { en: "Outside", ja: "管理外" } },
      options
    )
    const vendor = toProblem(fail(one.rejected()), options)
    expect(Object.keys(own.headers).sort()).toEqual(Object.keys(vendor.headers).sort())
    expect(own.headers).toEqual(vendor.headers)
    expect(own.body).toMatchObject({
      type: "urn:faultline:problem:name_outside_zones",
      title: "管理外",
      status: 422,
      instance: "req-9",
      code: "name_outside_zones"
    })
    expect(typeof own.body.detail).toBe("string")
  })

  it("resolves the request id and language from the request, as the adapters do", () => {
    const own = problem(
      { status: 400, code: "invalid_input", errors: [{ pointer: "/csr", code: "invalid" }] },
      {
        request
      }
    )
    expect(own.body.instance).toBe("req-42")
    expect(own.headers["content-language"]).toBe("ja")
    expect(own.body.title).toBe("入力内容が正しくありません")
    expect(own.body.errors).toEqual([
      { pointer: "/csr", code: "invalid", detail: "この値は受け付けられませんでした。" }
    ])
  })

  it("refuses a status or code that is not one", () => {
    expect(() => problem({ status: 200, code: "ok" })).toThrow(/400 to 599/)
    expect(() => problem({ status: 400, code: "has space" })).toThrow(/code/)
  })

  it("keeps reserved and unsafe extension members off the wire", () => {
    const own = problem({
      status: 409,
      code: "busy",
      extensions: { orderId: 5, status: 200, note: "a sentence with spaces", ref: "ok-1" }
    })
    expect(own.body).toMatchObject({ status: 409, orderId: 5, ref: "ok-1" })
    expect(own.body).not.toHaveProperty("note")
  })
})

describe("languages", () => {
  it("says Content-Language, and Vary: Accept-Language when negotiated", () => {
    const negotiated = toProblem(fail(one.conflict()), { acceptLanguage: "ja-JP" })
    expect(negotiated.headers["content-language"]).toBe("ja")
    expect(negotiated.headers.vary).toBe("Accept-Language")
    const fixed = toProblem(fail(one.conflict()), { locale: "en" })
    expect(fixed.headers["content-language"]).toBe("en")
    expect(fixed.headers.vary).toBeUndefined()
    const chosen = answerError(fail(one.conflict()), request, fresh, { locale: () => "en" })
    if (chosen._tag !== "Problem") throw new Error("expected a problem")
    expect(chosen.answer.headers).toMatchObject({ "content-language": "en", vary: "Accept-Language" })
  })

  it("replaces our words, and adds a language that gives every code", () => {
    const fr = Object.fromEntries(
      problemTextCodes.map((code) => [code, { title: `FR ${code}`, detail: `FR ${code} détail` }])
    )
    const messages = {
      en: { conflict: { title: "Busy right now", detail: "Try again in a minute." } },
      fr: { ...fr, field: "Valeur refusée." }
    }
    const options = validateResponseOptions({ messages })
    expect(toProblem(fail(one.conflict()), { ...options, acceptLanguage: "en" }).body.title).toBe(
      "Busy right now"
    )
    const french = toProblem(fail(one["invalid-input"]()), { ...options, acceptLanguage: "fr-CA, en;q=0.5" })
    expect(french.headers["content-language"]).toBe("fr")
    expect(french.body).toMatchObject({
      title: "FR invalid_input",
      errors: [{ param: "name", detail: "Valeur refusée." }]
    })
    // A misconfiguration stays indistinguishable from an upstream error in the added language too.
    const hidden = toProblem(fail(one.misconfigured()), { ...options, acceptLanguage: "fr" })
    const shown = toProblem(fail(one["upstream-error"]()), { ...options, acceptLanguage: "fr" })
    expect(hidden.body).toEqual(shown.body)
  })

  it("refuses at construction a language that lacks a code, naming what is missing", () => {
    expect(() =>
      validateResponseOptions({ messages: { fr: { conflict: { title: "t", detail: "d" } } } })
    ).toThrow(/messages\.fr .*missing: invalid_input, not_found/)
    expect(() =>
      validateResponseOptions({ messages: { en: { conflcit: { title: "t", detail: "d" } } } as never })
    ).toThrow(/unknown code "conflcit"/)
    expect(() =>
      validateResponseOptions({ messages: { en: { conflict: { title: "", detail: "d" } } } })
    ).toThrow(/messages\.en\.conflict/)
    expect(() => validateResponseOptions({ locale: "fr" })).toThrow(/locale must be one of "en", "ja"/)
  })
})

describe("one request-id rule", () => {
  it("keeps a well-formed id and replaces abc~1 and other bad ones, on problems too", () => {
    expect(requestIdFrom("01HZX-abc_9.z")).toBe("01HZX-abc_9.z")
    for (const bad of ["abc~1", "a/b", "a;b", "ünï", "-lead"]) {
      expect(requestIdFrom(bad)).not.toBe(bad)
      const outcome = answerError(fail(one.conflict()), { headers: { "x-request-id": bad } }, fresh, {})
      if (outcome._tag !== "Problem") throw new Error("expected a problem")
      expect(outcome.answer.requestId).not.toBe(bad)
      expect(outcome.answer.headers["x-request-id"]).toBe(outcome.answer.requestId)
      expect(JSON.stringify(outcome.answer)).not.toContain(bad)
    }
  })
})
