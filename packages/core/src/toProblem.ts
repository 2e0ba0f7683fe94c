import * as ProblemDetails from "effect/http/ProblemDetails"
import { type Category, defaultStatus, problemCode } from "./Category.js"
import { findUpstreamFailure } from "./findUpstreamFailure.js"
import { type Locale, negotiateLocale } from "./Locale.js"
import { categoryText, internalErrorText, issueDetail } from "./messages.js"
import type { ProblemBody, ProblemFieldError, ProblemResponse } from "./Problem.js"
import { isWellFormedRequestId } from "./RequestId.js"
import { retryAfterSeconds } from "./RetryAfter.js"
import { reasonsOf, type UpstreamFailure } from "./UpstreamFailure.js"

export interface ProblemOptions {
  /** The locale of title and detail; wins over `acceptLanguage`. */
  readonly locale?: Locale | undefined
  /** An `Accept-Language` value to choose the locale from (en or ja; default en). */
  readonly acceptLanguage?: string | ReadonlyArray<string> | undefined
  /** Prefix of the problem `type`; the stable code is appended. Default `urn:faultline:problem:`. */
  readonly typeBaseUri?: string | undefined
  /** Our request id: the problem's `instance` and the request-id header. */
  readonly instance?: string | undefined
  /** Downstream status per category, replacing the defaults (only 4xx/5xx values are used). */
  readonly statusByCategory?: Partial<Record<Category, number>> | undefined
  /** Add `upstream: { vendor, code }` to the body. Off by default; never for misconfigured failures. */
  readonly exposeUpstreamCodes?: boolean | undefined
  /** Header carrying `instance`; `false` to leave it out. Default `X-Request-Id`. */
  readonly requestIdHeader?: string | false | undefined
  /** Header carrying the upstream's request id (DO-API RequestId); `false` to leave it out. */
  readonly upstreamRequestIdHeader?: string | false | undefined
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

// Issue codes and params come from upstream data (`invalid_value:<param>`, DO-API ErrorCodes): only
// short identifier-like values are shown, so no upstream sentence can ride along.
const safeName = /^[A-Za-z0-9_][A-Za-z0-9_.:@[\]-]{0,63}$/
const safePointer = /^(\/[A-Za-z0-9_.~-]{1,64}){1,16}$/
const maxFieldErrors = 100

const fieldErrors = (failure: UpstreamFailure, locale: Locale): Array<ProblemFieldError> =>
  reasonsOf(failure)
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
          detail: issueDetail(code, param, locale, issue.text)
        }
      })
    )
    .slice(0, maxFieldErrors)

const baseHeaders = (options: ProblemOptions): Record<string, string> => {
  const headers: Record<string, string> = {
    "content-type": ProblemDetails.contentType,
    "cache-control": "no-store"
  }
  const name = options.requestIdHeader ?? defaultRequestIdHeader
  if (name !== false && isWellFormedRequestId(options.instance))
    headers[name.toLowerCase()] = options.instance
  return headers
}

/**
 * Builds the downstream answer for anything an app caught: for an upstream failure (found with
 * {@link findUpstreamFailure}) the category's status and our own localized text, `Retry-After`, the
 * request-id headers and, for invalid input, the rejected fields; for anything else a generic 500.
 * Nothing upstream-written (messages, headers, credentials) is ever copied into the result.
 */
export const toProblem = (error: unknown, options: ProblemOptions = {}): ProblemResponse => {
  const locale = options.locale ?? negotiateLocale(options.acceptLanguage)
  const typeBase = options.typeBaseUri ?? defaultTypeBaseUri
  const headers = baseHeaders(options)
  const instance = isWellFormedRequestId(options.instance) ? { instance: options.instance } : {}
  const failure = findUpstreamFailure(error)
  if (failure === undefined) {
    const text = internalErrorText[locale]
    const body: ProblemBody = {
      type: `${typeBase}internal_error`,
      status: 500,
      code: "internal_error",
      ...text,
      ...instance
    }
    return { status: 500, headers, body }
  }

  const reason = failure.reason
  const category = reason.category
  const status = statusFor(category, options.statusByCategory)
  const code = problemCode(category)
  const hidden = category === "misconfigured"
  const text = (!hidden && reason.text ? reason.text : categoryText[category])[locale]
  const errors = category === "invalid-input" ? fieldErrors(failure, locale) : []
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
    type: `${typeBase}${code}`,
    title: text.title,
    status,
    detail: text.detail,
    ...instance,
    code,
    ...(errors.length > 0 ? { errors } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
    ...(options.exposeUpstreamCodes && !hidden
      ? { upstream: { vendor: reason.vendor, code: reason.code } }
      : {})
  }
  return { status, headers, body }
}
