import * as Redacted from "effect/Redacted"

/**
 * The one set of bounds on upstream data, shared by every vendor decoder and client: decoding stays
 * cheap whatever arrives, and nothing unbounded is kept on an error.
 */
export const upstreamBounds = {
  /** Response bodies, error or success: the client stops reading past this. Configurable per client. */
  maxResponseBytes: 8 * 1024 * 1024,
  /** The upstream's free-text message kept (redacted) on a reason. */
  maxMessageChars: 1_000,
  /** An upstream code kept on a reason. */
  maxCodeChars: 100,
  /** Error entries (`errors[]`, `ErrorList`) read from one body; the first ones are kept. */
  maxEntries: 100,
  /** Header names looked at when searching a plain record case-insensitively. */
  maxHeaderNames: 200
} as const

const isBytes = (u: unknown): u is ArrayBuffer | ArrayBufferView =>
  u instanceof ArrayBuffer || ArrayBuffer.isView(u)

/**
 * Reads one header, case-insensitively, from a plain record (Node's, effect/http `Headers`) or a
 * WHATWG `Headers` (`get`). A missing header, a throwing getter or a hostile proxy give `undefined`.
 */
export const headerValue = (headers: unknown, name: string): unknown => {
  try {
    if (typeof headers !== "object" || headers === null) return undefined
    const get = (headers as { readonly get?: unknown }).get
    if (typeof get === "function") return (get.call(headers, name) as unknown) ?? undefined
    const record = headers as Readonly<Record<string, unknown>>
    if (Object.hasOwn(record, name)) return record[name]
    // Own keys by a counted `for…in` rather than `Object.keys(…).slice(…)`: no arrays for the
    // common empty or small record, once per decode.
    let seen = 0
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue
      if (++seen > upstreamBounds.maxHeaderNames) return undefined
      if (key.toLowerCase() === name) return record[key]
    }
    return undefined
  } catch {
    return undefined
  }
}

/**
 * A body as text, bytes or already-parsed JSON, parsed when it can be a JSON object or array. Text
 * longer than `maxChars` (bytes longer than that many bytes), HTML pages, empty bodies and invalid
 * JSON give `undefined`, so a decoder falls back to the status. Never throws.
 */
export const parseJsonBody = (body: unknown, maxChars: number = upstreamBounds.maxResponseBytes): unknown => {
  let text: string
  try {
    if (typeof body === "string") text = body
    else if (isBytes(body)) {
      const bytes =
        body instanceof ArrayBuffer
          ? new Uint8Array(body)
          : new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
      if (bytes.byteLength > maxChars) return undefined
      text = new TextDecoder("utf-8", { fatal: false }).decode(bytes)
    } else return body
  } catch {
    return undefined
  }
  if (text.length > maxChars) return undefined
  // From the first brace or bracket on: JSON.parse refuses the byte order mark some servers send.
  // Most bodies start with the brace itself: no search for them.
  const lead = text.charCodeAt(0)
  const start = lead === 0x7b || lead === 0x5b ? 0 : text.search(/\S/)
  const first = start === -1 ? -1 : start === 0 ? lead : text.charCodeAt(start)
  if (first !== 0x7b /* { */ && first !== 0x5b /* [ */) return undefined
  try {
    return JSON.parse(start === 0 ? text : text.slice(start)) as unknown
  } catch {
    return undefined
  }
}

/** An HTTP status an upstream can really have sent (an integer from 100 to 599), else `undefined`. */
export const upstreamStatus = (u: unknown): number | undefined =>
  typeof u === "number" && Number.isInteger(u) && u >= 100 && u <= 599 ? u : undefined

/**
 * The upstream's free text as a reason keeps it: bounded and trimmed, `undefined` when nothing is
 * left. Give it to a reason as `upstreamMessage` (the reason keeps it `Redacted`), never to a log.
 */
export const upstreamText = (u: unknown): string | undefined => {
  if (typeof u !== "string") return undefined
  const text = u.slice(0, upstreamBounds.maxMessageChars).trim()
  return text.length > 0 ? text : undefined
}

/**
 * Upstream text kept as is until first read: the `Redacted` of `text` (made now), or `text` itself
 * when it already is one (or absent). A holder keeps the result, so it redacts once:
 * `this.#line = redactOnRead(this.#line)` in its getter. Decoders keep upstream text this
 * way because most of it is never read, and each `Redacted` is a `WeakMap` entry.
 */
export const redactOnRead = (
  text: string | Redacted.Redacted<string> | undefined
): Redacted.Redacted<string> | undefined => (typeof text === "string" ? Redacted.make(text) : text)

/** The upstream's free text, bounded and `Redacted` (shown nowhere unless unwrapped on purpose). */
export const upstreamMessage = (u: unknown): Redacted.Redacted<string> | undefined => {
  const text = upstreamText(u)
  return text === undefined ? undefined : Redacted.make(text)
}

/**
 * An upstream code as a reason keeps it: trimmed, bounded, and printable ASCII only (codes reach
 * logs; control characters could forge log lines). `undefined` when nothing is left.
 */
export const upstreamCode = (u: unknown): string | undefined => {
  if (typeof u !== "string") return undefined
  const code = u.trim().slice(0, upstreamBounds.maxCodeChars)
  if (code.length === 0) return undefined
  // Codes are almost always printable already: a scan, and the replace only when one is not.
  return isPrintable(code) ? code : code.replace(/[^\x20-\x7e]/g, "?")
}

const isPrintable = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 || c > 0x7e) return false
  }
  return true
}

/** Own properties only: a body's `__proto__` key or inherited members are never read. */
export const ownField = (u: unknown, key: string): unknown =>
  typeof u === "object" && u !== null && !Array.isArray(u) && Object.hasOwn(u, key)
    ? (u as Readonly<Record<string, unknown>>)[key]
    : undefined
