import type { ServerResponse } from "node:http"

/**
 * An AbortSignal that fires when the client goes away before the response finished: Node's response
 * emits 'close' then without having finished writing. `stop` removes the listener once the work is
 * done. Without a Node response (other contexts than HTTP) the signal never fires.
 */
export const clientDisconnect = (
  raw: ServerResponse | undefined
): { readonly signal: AbortSignal; readonly stop: () => void } => {
  const controller = new AbortController()
  if (raw === undefined) return { signal: controller.signal, stop: () => {} }
  const onClose = () => {
    if (!raw.writableFinished) controller.abort()
  }
  // Already gone while the handler was still building its Effect.
  if (raw.destroyed && !raw.writableFinished) controller.abort()
  else raw.once("close", onClose)
  return { signal: controller.signal, stop: () => raw.off("close", onClose) }
}
