/**
 * The slice of Node's `ServerResponse` that tells whether the client went away (Express's response,
 * Fastify's `reply.raw`).
 */
export interface DisconnectingResponse {
  readonly destroyed: boolean
  readonly writableFinished: boolean
  once(event: "close", listener: () => void): unknown
  off(event: "close", listener: () => void): unknown
}

/** A signal that fires when the client goes away, and how to stop watching once the work is done. */
export interface ClientDisconnect {
  readonly signal: AbortSignal
  readonly stop: () => void
}

/**
 * An AbortSignal that fires when the client goes away before the response finished: Node's response
 * emits 'close' then without having finished writing. A client already gone when this is called
 * (while a body was read or the handler built its Effect) aborts the signal at once. Pass it to
 * `runPromiseExit(effect, { signal })` so the fiber is interrupted and its finalizers run; call
 * `stop` when the work is done. Without a response (not HTTP) the signal never fires.
 */
export const clientDisconnect = (response: DisconnectingResponse | undefined): ClientDisconnect => {
  const controller = new AbortController()
  if (response === undefined) return { signal: controller.signal, stop: () => {} }
  if (response.destroyed && !response.writableFinished) {
    controller.abort()
    return { signal: controller.signal, stop: () => {} }
  }
  const onClose = () => {
    if (!response.writableFinished) controller.abort()
  }
  response.once("close", onClose)
  return { signal: controller.signal, stop: () => void response.off("close", onClose) }
}
