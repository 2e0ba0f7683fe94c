/**
 * The request-id rule, one for every adapter and app (issue 21): an incoming id is reused only when
 * it is 1–128 characters, starts with a letter or digit, and holds nothing but letters, digits and
 * `. _ : @ + = -`. That covers UUIDs, ULIDs, nanoids, hex trace ids and base64-ish ids with `+`/`=`;
 * anything else (`abc~1`, spaces, `/`, `;`, quotes, control characters, non-ASCII) is replaced by a
 * new UUID, never echoed, whether the answer is a success, a problem or a log line. Ids go into
 * headers and logs, so the set is closed and small on purpose.
 */
export const requestIdPattern: RegExp = /^[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,127}$/

/** Whether a request id follows {@link requestIdPattern} and may be reused as ours. */
export const isWellFormedRequestId = (u: unknown): u is string =>
  typeof u === "string" && requestIdPattern.test(u)

/**
 * The incoming request id (a header value; the first of repeated ones) when well-formed, else a new
 * random UUID. The one rule both adapters and the example gateway use.
 */
export const requestIdFrom = (incoming: string | ReadonlyArray<string> | undefined | null): string => {
  const candidate = typeof incoming === "string" ? incoming : incoming?.[0]
  return isWellFormedRequestId(candidate) ? candidate : globalThis.crypto.randomUUID()
}
