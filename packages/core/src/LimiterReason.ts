import { Reason } from "./Reason.js"

/**
 * The rate limiter's store (e.g. Redis) could not be reached, so the request was not sent: the
 * limiter fails closed rather than send past a budget it cannot see. Nothing reached the upstream,
 * so even an order may be tried again.
 */
export class RateLimiterUnavailable extends Reason("RateLimiterUnavailable", {
  vendor: "http",
  code: "RateLimiterUnavailable",
  category: "unavailable",
  retry: "safe",
  note: "The shared rate budget could not be read; the request was not sent."
}) {}
