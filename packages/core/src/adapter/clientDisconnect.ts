import type * as Fiber from "effect/Fiber"

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

/**
 * Whether the client went away before the response finished: Node's response was destroyed (its
 * connection closed) without having finished writing. Nothing can be answered then.
 */
export const clientGone = (response: DisconnectingResponse): boolean =>
  response.destroyed && !response.writableFinished

/**
 * Interrupts the fiber (its finalizers run) when the client goes away before the response finished:
 * Node's response emits 'close' then without having finished writing. A client already gone
 * (while a body was read or a guard ran) interrupts it at once. A fiber that is done is left alone;
 * the watch stops when the fiber ends. One 'close' listener on the response and one fiber observer:
 * no `AbortController` per request (making one and watching its signal cost more than the rest of a
 * small Effect's run).
 */
export const interruptOnDisconnect = (
  fiber: Fiber.Fiber<unknown, unknown>,
  response: DisconnectingResponse
): void => {
  if (fiber.pollUnsafe() !== undefined) return
  if (clientGone(response)) {
    fiber.interruptUnsafe()
    return
  }
  const onClose = () => {
    if (!response.writableFinished) fiber.interruptUnsafe()
  }
  response.once("close", onClose)
  fiber.addObserver(() => response.off("close", onClose))
}
