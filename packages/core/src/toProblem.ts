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

/** The headers every problem carries: content type, no caching, our request id, its language. */
export const problemHeaders = (
  options: ProblemOptions,
  resolved: ProblemLanguage
): Record<string, string> => {
  const headers: Record<string, string> = {
    "content-type": ProblemDetails.contentType,
    "cache-control": "no-store",
    ...resolved.headers
  }
  const name = options.requestIdHeader ?? defaultRequestIdHeader
  if (name !== false && isWellFormedRequestId(options.instance))
    headers[name.toLowerCase()] = options.instance
  return headers
}

/** `{ instance }` when our request id is well-formed, else nothing. */
export const instanceOf = (options: ProblemOptions): { readonly instance?: string } =>
  isWellFormedRequestId(options.instance) ? { instance: options.instance } : {}

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
export const problemOf = (failure: UpstreamFailure, options: ProblemOptions = {}): ProblemResponse => {
  const resolved = problemLanguage(options)
  const headers = problemHeaders(options, resolved)
  const reason = failure.reason
  const category = reason.category
  const status = statusFor(category, options.statusByCategory)
  const code = problemCode(category)
  const hidden = category === "misconfigured"
  // The app's words for the code win; else the vendor's for this reason (never for a hidden one).
  const vendorText =
    !hidden && reason.text && isCoreLocale(resolved.language) ? reason.text[resolved.language] : undefined
  const text = textFor(resolved, code, vendorText)
  const errors = category === "invalid-input" ? fieldErrors(failure, resolved) : []
  // Retry-After means something only with 503 and 429 (RFC 9110 10.2.3, RFC 6585): a 400 or a
  // hidden 502 must not tell the caller when to come back.
  const retryAfter =
    reason.retryAfter !== undefined && !hidden && (status === 503 || status === 429)
      ? retryAfterSeconds(reason.retryAfter)
      : undefined

  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter)
  const upstreamHeader = options.upstreamRequestIdHeader ?? defaultUpstreamRequestIdHeader
  if (upstreamHeader !== false && isWellFormedRequestId(reason.requestId)) {
    headers[upstreamHeader.toLowerCase()] = reason.requestId
  }

  const body: ProblemBody = {
    type: `${options.typeBaseUri ?? defaultTypeBaseUri}${code}`,
    title: text.title,
    status,
    detail: text.detail,
    ...instanceOf(options),
    code,
    ...(errors.length > 0 ? { errors } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
    ...(options.exposeUpstreamCodes && !hidden
      ? { upstream: { vendor: reason.vendor, code: downstreamCode(reason.code) } }
      : {})
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
