import { categories } from "./Category.js"
import { compileMessages } from "./ProblemMessages.js"
import { checkExtensionMembers } from "./problemExtensions.js"
import type { ResponseOptions } from "./ResponseOptions.js"

// RFC 9110 token characters: what Node and Fastify accept as a header name.
const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

// Headers the problem itself sets: a request-id header of the same name would overwrite them.
const reserved = new Set([
  "content-type",
  "content-length",
  "content-language",
  "cache-control",
  "retry-after",
  "vary"
])

const checkHeader = (option: string, value: unknown): void => {
  if (value === undefined || value === false) return
  if (typeof value !== "string" || !token.test(value) || value.length > 64) {
    throw new TypeError(`faultline: ${option} must be a header name (an HTTP token) or false`)
  }
  if (reserved.has(value.toLowerCase())) {
    throw new TypeError(`faultline: ${option} cannot be ${value}, which the problem response sets itself`)
  }
}

/**
 * Checks adapter options once, when the adapter is built, so a typo fails at startup rather than on
 * the first failure that needs the header (which for the upstream request id may be weeks later).
 * Throws a `TypeError` naming the option; returns the options unchanged.
 */
export const validateResponseOptions = <O extends ResponseOptions<never, string>>(options: O): O => {
  checkHeader("requestIdHeader", options.requestIdHeader)
  checkHeader("upstreamRequestIdHeader", options.upstreamRequestIdHeader)
  if (
    typeof options.requestIdHeader === "string" &&
    typeof options.upstreamRequestIdHeader === "string" &&
    options.requestIdHeader.toLowerCase() === options.upstreamRequestIdHeader.toLowerCase()
  ) {
    throw new TypeError("faultline: requestIdHeader and upstreamRequestIdHeader must differ")
  }
  for (const [category, status] of Object.entries(options.statusByCategory ?? {})) {
    if (!(categories as ReadonlyArray<string>).includes(category)) {
      throw new TypeError(`faultline: statusByCategory has an unknown category ${JSON.stringify(category)}`)
    }
    if (status !== undefined && !(Number.isInteger(status) && status >= 400 && status <= 599)) {
      throw new TypeError(`faultline: statusByCategory.${category} must be an integer from 400 to 599`)
    }
  }
  if (options.typeBaseUri !== undefined && typeof options.typeBaseUri !== "string") {
    throw new TypeError("faultline: typeBaseUri must be a string")
  }
  for (const hook of ["onFailure", "requestId", "extend"] as const) {
    if (options[hook] !== undefined && typeof options[hook] !== "function") {
      throw new TypeError(`faultline: ${hook} must be a function`)
    }
  }
  if (options.extend !== undefined || options.extensionMembers !== undefined) {
    if (options.extend === undefined)
      throw new TypeError("faultline: extensionMembers needs an extend function")
    checkExtensionMembers("extensionMembers", options.extensionMembers)
  }
  // Throws naming the language and the codes it lacks; compiled once, reused per answer.
  const words = compileMessages(options.messages)
  if (
    options.locale !== undefined &&
    typeof options.locale !== "function" &&
    !words.languages.includes(options.locale)
  ) {
    throw new TypeError(
      `faultline: locale must be one of ${words.languages.map((l) => JSON.stringify(l)).join(", ")} or a function`
    )
  }
  return options
}
