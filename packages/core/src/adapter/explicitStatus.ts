import { isUpstreamFailure } from "../UpstreamFailure.js"

const isStatus = (value: unknown, min: number): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= 599

/**
 * The status an error asks for itself, which makes it the app's explicit answer: adapters never
 * replace it with a problem, even when its `cause` is an upstream failure. Read the way the
 * frameworks read it: a `getStatus()` method (NestJS's `HttpException`, any status it states), else a
 * `status`, else a `statusCode` of 400–599 (the http-errors convention, read by Express's final
 * handler and by Nest). A faultline failure never asks for one; an `undefined` answer means "not an
 * explicit answer". Never throws.
 */
export const explicitStatus = (error: unknown): number | undefined => {
  if (typeof error !== "object" || error === null || isUpstreamFailure(error)) return undefined
  try {
    const own = error as {
      readonly getStatus?: unknown
      readonly status?: unknown
      readonly statusCode?: unknown
    }
    if (typeof own.getStatus === "function") {
      const stated: unknown = own.getStatus()
      if (isStatus(stated, 100)) return stated
    }
    if (isStatus(own.status, 400)) return own.status
    if (isStatus(own.statusCode, 400)) return own.statusCode
  } catch {
    // A hostile getter in a foreign error: it states no status we can use.
  }
  return undefined
}
