import type { ServerResponse } from "node:http"

/** Node's response under a platform's: Fastify's `reply.raw`, or Express's response itself. */
export const rawResponse = (response: unknown): ServerResponse | undefined => {
  if (typeof response !== "object" || response === null) return undefined
  const raw = (response as { readonly raw?: unknown }).raw ?? response
  return typeof (raw as Partial<ServerResponse>).once === "function" ? (raw as ServerResponse) : undefined
}

/**
 * Removes headers from a platform's response before it is written: through the reply's own
 * `removeHeader` (Express response, Fastify reply) and, for Fastify, from the raw response as well,
 * where a middleware may have set them.
 */
export const removeHeaders = (response: unknown, names: ReadonlyArray<string>): void => {
  const targets = new Set<{ removeHeader: (name: string) => unknown }>()
  for (const target of [response, rawResponse(response)]) {
    const remove = (target as { readonly removeHeader?: unknown } | undefined)?.removeHeader
    if (typeof remove === "function") targets.add(target as { removeHeader: (name: string) => unknown })
  }
  for (const target of targets) for (const name of names) target.removeHeader(name)
}
