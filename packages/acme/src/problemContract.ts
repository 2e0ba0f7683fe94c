// The downstream contract of issue 21, checked the same way on every adapter and platform: an app's
// own error and a vendor failure answer with the same shape and headers, in the same language;
// `extend` adds the declared member and no upstream text; one request-id rule. The adapters' tests
// mount these routes and run `problemContractFailures`, which lists what broke (empty: all held).
import * as Redacted from "effect/Redacted"
import type { ResponseOptions } from "../../core/src/ResponseOptions.js"
import { canary } from "./samples.js"

/** The app's wrapper around an upstream failure, carrying its own typed field (`orderId`). */
export class StepFailed extends Error {
  constructor(
    readonly orderId: number,
    cause: unknown
  ) {
    super("step failed", { cause })
  }
}

/** An app's own error, answered with `problem()` as {@link ownProblemInput}. */
export class NameOutside extends Error {}

export const ownProblemInput = {
  status: 422,
  code: "name_outside_zones",
  title: { en: "Not ours", ja: "管理外です" }
} as const

/** `extend` declaring `orderId` and `note`; `note` tries to copy upstream text and must be dropped. */
export const contractOptions: ResponseOptions<any, "orderId" | "note"> = {
  extensionMembers: ["orderId", "note"],
  extend: (failure, _request, error) => ({
    orderId: error instanceof StepFailed ? error.orderId : undefined,
    note: failure.reason.upstreamMessage ? Redacted.value(failure.reason.upstreamMessage) : undefined
  })
}

/** A response as the checks read it. */
export interface ContractAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, unknown>>
  readonly body: Record<string, unknown>
  readonly text: string
}

/**
 * The routes, mounted by the test: `/vendor` fails with `StepFailed(4242, <rejected failure>)`,
 * `/own` throws `NameOutside`, `/invalid` fails with an invalid-input failure whose upstream message
 * holds the canary. Middleware before them sets `Vary: Origin`.
 */
export const problemContractFailures = async (
  get: (path: string, headers: Record<string, string>) => Promise<ContractAnswer>,
  validate: (body: unknown) => boolean
): Promise<ReadonlyArray<string>> => {
  const failures: Array<string> = []
  const check = (ok: boolean, what: string) => {
    if (!ok) failures.push(what)
  }
  const names = ["content-type", "cache-control", "x-request-id", "content-language", "vary"]
  for (const language of ["en", "ja"]) {
    const vendor = await get("/vendor", { "accept-language": language, "x-request-id": "n-1" })
    const own = await get("/own", { "accept-language": language, "x-request-id": "n-2" })
    for (const [name, res] of [
      ["vendor", vendor],
      ["own", own]
    ] as const) {
      const at = `${name} (${language})`
      check(res.status === 422, `${at}: status ${res.status}`)
      check(/^application\/problem\+json/.test(String(res.headers["content-type"])), `${at}: content-type`)
      check(res.headers["cache-control"] === "no-store", `${at}: cache-control`)
      check(res.headers["content-language"] === language, `${at}: content-language`)
      check(res.headers.vary === "Origin, Accept-Language", `${at}: vary ${String(res.headers.vary)}`)
      check(validate(res.body), `${at}: the body fails the JSON Schema`)
    }
    for (const name of names) {
      check(
        (vendor.headers[name] === undefined) === (own.headers[name] === undefined),
        `${language}: ${name}`
      )
    }
    check(vendor.headers["content-type"] === own.headers["content-type"], `${language}: content types differ`)
    check(vendor.body.instance === "n-1" && own.body.instance === "n-2", `${language}: instances`)
    const keys = (body: Record<string, unknown>) =>
      Object.keys(body)
        .filter((k) => k !== "orderId")
        .sort()
        .join()
    check(
      keys(vendor.body) === keys(own.body),
      `${language}: members ${keys(vendor.body)} / ${keys(own.body)}`
    )
    check(own.body.title === ownProblemInput.title[language as "en" | "ja"], `${language}: own title`)
    check(vendor.body.orderId === 4242 && !("note" in vendor.body), `${language}: extension members`)
  }
  const invalid = await get("/invalid", {})
  check(invalid.status === 400 && !invalid.text.includes(canary), "invalid: upstream text on the wire")
  check(!("note" in invalid.body) && validate(invalid.body), "invalid: note, or the JSON Schema")
  for (const path of ["/vendor", "/own"]) {
    const bad = await get(path, { "x-request-id": "abc~1" })
    check(bad.headers["x-request-id"] !== "abc~1" && !bad.text.includes("abc~1"), `${path}: abc~1 echoed`)
    check(bad.headers["x-request-id"] === bad.body.instance, `${path}: the replaced id differs from instance`)
    const good = await get(path, { "x-request-id": "01J0ABC.def_9" })
    check(good.headers["x-request-id"] === "01J0ABC.def_9", `${path}: a well-formed id was replaced`)
  }
  return failures
}
