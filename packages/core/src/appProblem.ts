import { resolveRequest, type RequestHeaders } from "./answerFailure.js"
import { maxFieldErrors, safeName, safePointer } from "./fieldGuards.js"
import { isCoreLocale } from "./ProblemMessages.js"
import { issueDetail } from "./messages.js"
import type { ProblemBody, ProblemFieldError, ProblemResponse } from "./Problem.js"
import { type ProblemLanguage, problemLanguage, textFor } from "./problemLanguage.js"
import { type ProblemExtensions, safeExtensions } from "./problemExtensions.js"
import type { ResponseOptions } from "./ResponseOptions.js"
import { defaultTypeBaseUri, instanceOf, type ProblemOptions, problemHeaders } from "./toProblem.js"
import { categories, problemCode } from "./Category.js"

/** A text in one language, or per language tag (`{ en: "...", ja: "..." }`), picked as the problem's. */
export type LocalizedString = string | { readonly [language: string]: string }

/** One rejected field of an app's own problem. */
export interface ProblemFieldInput {
  /** A JSON Pointer into the request body (`/commonName`). */
  readonly pointer?: string | undefined
  /** A query or path parameter name. */
  readonly param?: string | undefined
  readonly code: string
  /** Default: the `field` sentence of the problem's language. */
  readonly detail?: LocalizedString | undefined
}

/** An app's own error, as `problem()` answers it. */
export interface ProblemInput {
  /** 400–599. */
  readonly status: number
  /** Stable and machine-readable (`name_outside_zones`): letters, digits, `_`, `.`, `-`. */
  readonly code: string
  /** Default: our words for `code` when it is one of ours, else a generic title by status. */
  readonly title?: LocalizedString | undefined
  readonly detail?: LocalizedString | undefined
  readonly errors?: ReadonlyArray<ProblemFieldInput> | undefined
  /** Extension members (scalars; reserved names and non-token strings are dropped). */
  readonly extensions?: ProblemExtensions | undefined
}

/** `problem()`'s options: core's problem options, or the adapter's options plus the request. */
export type AppProblemOptions<Req extends RequestHeaders = RequestHeaders> =
  | ProblemOptions
  | (ResponseOptions<Req> & { readonly request: Req })

const codePattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/
const ourCodes: ReadonlyArray<string> = categories.map(problemCode)

const pick = (text: LocalizedString | undefined, language: string): string | undefined => {
  if (text === undefined || typeof text === "string") return text
  return text[language] ?? text.en ?? Object.values(text)[0]
}

const fieldOf = (field: ProblemFieldInput, resolved: ProblemLanguage): ProblemFieldError => {
  const language = resolved.language
  const param = typeof field.param === "string" && safeName.test(field.param) ? field.param : undefined
  const pointer =
    typeof field.pointer === "string" && safePointer.test(field.pointer) ? field.pointer : undefined
  const code = typeof field.code === "string" && safeName.test(field.code) ? field.code : "invalid"
  const fallback = resolved.words.field(language)
  const detail =
    pick(field.detail, language) ??
    (isCoreLocale(language) ? issueDetail(code, param, language, undefined, fallback) : (fallback ?? ""))
  return {
    ...(param !== undefined ? { param } : {}),
    ...(pointer !== undefined ? { pointer } : {}),
    code,
    detail
  }
}

const fromRequest = (options: AppProblemOptions<any>): ProblemOptions =>
  "request" in options && options.request !== undefined
    ? resolveRequest(options.request, options as ResponseOptions<any>).problemOptions
    : (options as ProblemOptions)

/**
 * Answers an app's own error with the same shape and headers as an upstream failure: problem+json,
 * `Cache-Control: no-store`, our request id (`instance` and `X-Request-Id`), `Content-Language` and
 * `Vary: Accept-Language`, the same `type` prefix and words. Give the adapter's options and the
 * request (`{ ...options, request: req }`) to resolve the request id and language exactly as the
 * adapter does; or core's `ProblemOptions` (`instance`, `acceptLanguage`, `locale`). Throws a
 * `TypeError` for a status outside 400–599 or a malformed code (a bug in the caller, not input).
 */
export const problem = <Req extends RequestHeaders>(
  input: ProblemInput,
  options: AppProblemOptions<Req> = {}
): ProblemResponse => {
  if (!(Number.isInteger(input.status) && input.status >= 400 && input.status <= 599)) {
    throw new TypeError("faultline: problem status must be an integer from 400 to 599")
  }
  if (typeof input.code !== "string" || !codePattern.test(input.code)) {
    throw new TypeError("faultline: problem code must be 1–64 letters, digits, _, . or -")
  }
  const own = fromRequest(options)
  const resolved = problemLanguage(own)
  const words = textFor(
    resolved,
    ourCodes.includes(input.code)
      ? (input.code as ReturnType<typeof problemCode>)
      : input.status >= 500
        ? "internal_error"
        : "request_error"
  )
  const errors = (input.errors ?? []).slice(0, maxFieldErrors).map((field) => fieldOf(field, resolved))
  const extensions =
    input.extensions === undefined
      ? {}
      : safeExtensions(input.extensions, Object.keys(input.extensions), undefined)
  const body: ProblemBody = {
    ...extensions,
    type: `${own.typeBaseUri ?? defaultTypeBaseUri}${input.code}`,
    title: pick(input.title, resolved.language) ?? words.title,
    status: input.status,
    detail: pick(input.detail, resolved.language) ?? words.detail,
    ...instanceOf(own),
    code: input.code,
    ...(errors.length > 0 ? { errors } : {})
  }
  return { status: input.status, headers: problemHeaders(own, resolved), body }
}
