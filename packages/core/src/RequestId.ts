// Incoming ids are echoed into headers and logs: accept only short, header-safe tokens.
const wellFormed = /^[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,127}$/

/** Whether an incoming request id may be reused as ours (1–128 token characters). */
export const isWellFormedRequestId = (u: unknown): u is string => typeof u === "string" && wellFormed.test(u)

/** The incoming request id when present and well-formed, else a new random UUID. */
export const requestIdFrom = (incoming: string | ReadonlyArray<string> | undefined | null): string => {
  const candidate = typeof incoming === "string" ? incoming : incoming?.[0]
  return isWellFormedRequestId(candidate) ? candidate : globalThis.crypto.randomUUID()
}
