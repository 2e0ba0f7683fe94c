/**
 * A copy of an error that also says how many times the request was sent. The copy keeps the
 * prototype and every own property (stack included), so tags, guards and `catchReason` still work.
 */
export const withAttempts = <E>(error: E, attempts: number): E => {
  if (typeof error !== "object" || error === null || Object.isFrozen(error)) return error
  return Object.create(Object.getPrototypeOf(error), {
    ...Object.getOwnPropertyDescriptors(error),
    attempts: { value: attempts, enumerable: true, writable: false, configurable: true }
  })
}
