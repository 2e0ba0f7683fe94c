import * as ProblemDetails from "effect/http/ProblemDetails"
import { type Category, defaultStatus, problemCode } from "./Category.js"
import { findUpstreamFailure } from "./findUpstreamFailure.js"
import { isCoreLocale } from "./ProblemMessages.js"
import { maxFieldErrors, safeName, safePointer } from "./fieldGuards.js"
import { issueDetail } from "./messages.js"
import type { ProblemBody, ProblemFieldError, ProblemResponse } from "./Problem.js"
import { type ProblemLanguage, problemLanguage, textFor } from "./problemLanguage.js"
import { isWellFormedRequestId } from "./RequestId.js"
import type { BaseResponseOptions } from "./ResponseOptions.js"
import { retryAfterSeconds } from "./RetryAfter.js"
import { downstreamCode } from "./sanitizeCode.js"
import { reasonsOf, type UpstreamFailure } from "./UpstreamFailure.js"

/**
 * Options of {@link toProblem} and {@link problemOf}: the shared response fields, plus what an adapter
 * resolves per request (the `Accept-Language` to negotiate from, our request id).
 */
export interface ProblemOptions extends BaseResponseOptions {
  /** An `Accept-Language` value to choose the language from (default en); `locale` wins. */
  readonly acceptLanguage?: string | ReadonlyArray<string> | undefined
  /**
   * Say `Vary: Accept-Language` even though `locale` is given: an adapter sets it when the app's
   * per-request choice may have read that header.
   */
  readonly varyByLanguage?: boolean | undefined
  /** Our request id: the problem's `instance` and the request-id header (dropped unless well-formed). */
  readonly instance?: string | undefined
}

export const defaultTypeBaseUri = "urn:faultline:problem:"
export const defaultRequestIdHeader = "X-Request-Id"
export const defaultUpstreamRequestIdHeader = "X-Upstream-Request-Id"

const validStatus = (status: unknown): status is number =>
  typeof status === "number" && Number.isInteger(status) && status >= 400 && status <= 599

const statusFor = (category: Category, overrides: ProblemOptions["statusByCategory"]): number => {
  const own = overrides?.[category]
  if (validStatus(own)) return own
  // A misconfiguration must look exactly like an upstream error, also when that status is changed.
  const shared = category === "misconfigured" ? overrides?.["upstream-error"] : undefined
  return validStatus(shared) ? shared : defaultStatus(category)
}

// Vendors put only documented names and codes into issues (a parameter of the endpoints they call, a
// catalogued record code); `fieldGuards` is core's second line.
const fieldErrors = (failure: UpstreamFailure, resolved: ProblemLanguage): Array<ProblemFieldError> => {
  const language = resolved.language
  const fallback = resolved.words.field(language)
  return reasonsOf(failure)
    .flatMap((reason) =>
      (reason.issues ?? []).map((issue) => {
        const param = typeof issue.param === "string" && safeName.test(issue.param) ? issue.param : undefined
        const pointer =
          typeof issue.pointer === "string" && safePointer.test(issue.pointer) ? issue.pointer : undefined
        const code = typeof issue.code === "string" && safeName.test(issue.code) ? issue.code : "invalid"
        return {
          ...(param !== undefined ? { param } : {}),
          ...(pointer !== undefined ? { pointer } : {}),
          code,
          detail: isCoreLocale(language)
            ? issueDetail(code, param, language, issue.text, fallback)
            : (fallback ?? issueDetail(code, param, "en"))
        }
      })
    )
    .slice(0, maxFieldErrors)
}

// The header names as Node stores them: lower case, folded once per name (the defaults are constants).
const lowerDefaultRequestId = defaultRequestIdHeader.toLowerCase()
const lowerDefaultUpstreamRequestId = defaultUpstreamRequestIdHeader.toLowerCase()
const headerName = (name: string | false | undefined, fallback: string, lowerFallback: string) =>
  name === undefined || name === fallback ? lowerFallback : name === false ? undefined : name.toLowerCase()

/** Our request-id header as Node stores it (lower case), or `undefined` when the app turned it off. */
export const requestIdHeaderName = (options: BaseResponseOptions<unknown>): string | undefined =>
  headerName(options.requestIdHeader, defaultRequestIdHeader, lowerDefaultRequestId)

/**
 * The headers every problem carries: content type, no caching, its language and our request id
 * (`instance`, already checked to be well-formed, or `undefined`). A fresh object: the caller may add
 * to it.
 */
const headersWith = (
  options: BaseResponseOptions<unknown>,
  resolved: ProblemLanguage,
  instance: string | undefined
): Record<string, string> => {
  const headers: Record<string, string> = {
    "content-type": ProblemDetails.contentType,
    "cache-control": "no-store"
  }
  const language = resolved.headers
  headers["content-language"] = language["content-language"] as string
  if (language.vary !== undefined) headers.vary = language.vary
  const name = requestIdHeaderName(options)
  if (name !== undefined && instance !== undefined) headers[name] = instance
  return headers
}

/** `{ instance }` when our request id is well-formed, else nothing. */
export const instanceOf = (options: ProblemOptions): { readonly instance?: string } =>
  isWellFormedRequestId(options.instance) ? { instance: options.instance } : {}

/** The headers every problem carries: content type, no caching, our request id, its language. */
export const problemHeaders = (options: ProblemOptions, resolved: ProblemLanguage): Record<string, string> =>
  headersWith(options, resolved, isWellFormedRequestId(options.instance) ? options.instance : undefined)

/** The generic 500 problem for an error that holds no upstream failure: nothing about it is told. */
export const internalProblem = (options: ProblemOptions = {}): ProblemResponse => {
  const resolved = problemLanguage(options)
  const text = textFor(resolved, "internal_error")
  const body: ProblemBody = {
    type: `${options.typeBaseUri ?? defaultTypeBaseUri}internal_error`,
    title: text.title,
    status: 500,
    detail: text.detail,
    ...instanceOf(options),
    code: "internal_error"
  }
  return { status: 500, headers: problemHeaders(options, resolved), body }
}

/**
 * The problem for a failure already found (by {@link findUpstreamFailure} or an adapter): the
 * category's status and our own localized text, `Retry-After`, the request-id headers and, for
 * invalid input, the rejected fields. It does not search the failure again. Nothing
 * upstream-written (messages, headers, credentials) is ever copied into the result.
 */
export const problemOf = (failure: UpstreamFailure, options: ProblemOptions = {}): ProblemResponse =>
  problemIn(failure, options, problemLanguage(options), options.instance)

/**
 * {@link problemOf} with the language already resolved and our request id given apart: the adapters'
 * path, which resolves both per request without copying the options.
 */
export const problemIn = (
  failure: UpstreamFailure,
  options: BaseResponseOptions<unknown>,
  resolved: ProblemLanguage,
  instance: string | undefined
): ProblemResponse => {
  const ownId = isWellFormedRequestId(instance) ? instance : undefined
  const headers = headersWith(options, resolved, ownId)
  const reason = failure.reason
  const category = reason.category
  const status = statusFor(category, options.statusByCategory)
  const code = problemCode(category)
  const hidden = category === "misconfigured"
  // The app's words for the code win; else the vendor's for this reason (never for a hidden one).
  const vendorText =
    !hidden && reason.text && isCoreLocale(resolved.language) ? reason.text[resolved.language] : undefined
  const text = textFor(resolved, code, vendorText)
  // Retry-After means something only with 503 and 429 (RFC 9110 10.2.3, RFC 6585): a 400 or a
  // hidden 502 must not tell the caller when to come back.
  const retryAfter =
    reason.retryAfter !== undefined && !hidden && (status === 503 || status === 429)
      ? retryAfterSeconds(reason.retryAfter)
      : undefined

  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter)
  const upstreamHeader = headerName(
    options.upstreamRequestIdHeader,
    defaultUpstreamRequestIdHeader,
    lowerDefaultUpstreamRequestId
  )
  if (upstreamHeader !== undefined && isWellFormedRequestId(reason.requestId)) {
    headers[upstreamHeader] = reason.requestId
  }

  // Built member by member in the document's order (no spreads: this runs for every failure).
  const type = `${options.typeBaseUri ?? defaultTypeBaseUri}${code}`
  const body: { -readonly [K in keyof ProblemBody]: ProblemBody[K] } =
    ownId !== undefined
      ? { type, title: text.title, status, detail: text.detail, instance: ownId, code }
      : { type, title: text.title, status, detail: text.detail, code }
  if (category === "invalid-input") {
    const errors = fieldErrors(failure, resolved)
    if (errors.length > 0) body.errors = errors
  }
  if (retryAfter !== undefined) body.retryAfter = retryAfter
  if (options.exposeUpstreamCodes && !hidden) {
    body.upstream = { vendor: reason.vendor, code: downstreamCode(reason.code) }
  }
  return { status, headers, body }
}

/**
 * Builds the downstream answer for anything an app caught: finds the upstream failure in it once
 * (with {@link findUpstreamFailure}) and answers it with {@link problemOf}; anything else gets the
 * generic 500 of {@link internalProblem}.
 */
export const toProblem = (error: unknown, options: ProblemOptions = {}): ProblemResponse => {
  const failure = findUpstreamFailure(error)
  return failure === undefined ? internalProblem(options) : problemOf(failure, options)
}
