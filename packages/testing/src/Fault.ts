/**
 * What a simulator does instead of (or on top of) its normal answer, for the next matching requests.
 * Faults that answer *instead* (`error`, `status`, `redirect`, `large-body`, `hang`, `reset` before)
 * leave the simulator's state untouched; the others (`delay`, `reset` after or during the body,
 * `truncate`) process the request first, so an order can exist whose answer was lost.
 */
export type Fault =
  /** A documented error of the vendor, by its fixture code (`not_found|order`, `RequestRunning`). */
  | { readonly kind: "error"; readonly code: string }
  /** Any status, body and headers (an HTML 502 page from a proxy, a bare 503...). */
  | {
      readonly kind: "status"
      readonly status: number
      readonly body?: string | undefined
      readonly headers?: Readonly<Record<string, string>> | undefined
    }
  /**
   * The TCP connection is reset: `before` the request is processed, `after` it was processed (no
   * answer at all) or `during-body` (headers and part of the body sent, then reset).
   */
  | { readonly kind: "reset"; readonly when: "before" | "after" | "during-body" }
  /** Waits (real time), then processes and answers normally. */
  | { readonly kind: "delay"; readonly millis: number }
  /** Never answers; the connection stays open until the client gives up or the simulator closes. */
  | { readonly kind: "hang" }
  /**
   * Sends the status line, the headers (no `content-length`) and the start of a body, then nothing
   * more: the connection stays open until the client gives up or the simulator closes. What a client's
   * timeout must cover when it reads the body.
   */
  | {
      readonly kind: "stall"
      readonly status?: number | undefined
      readonly body?: string | undefined
      readonly headers?: Readonly<Record<string, string>> | undefined
    }
  /** A redirect the client must not follow. */
  | {
      readonly kind: "redirect"
      readonly location: string
      readonly status?: 301 | 302 | 303 | 307 | 308 | undefined
    }
  /**
   * The real answer, with a `content-length` of the whole body, cut after `bytes` bytes (default:
   * half) and the connection closed.
   */
  | { readonly kind: "truncate"; readonly bytes?: number | undefined }
  /**
   * A streamed body of `bytes` bytes (never held in memory at once): `{"padding":"xxx…"}` by default.
   * `contentLength: false` sends it chunked, so only reading reveals the size.
   */
  | {
      readonly kind: "large-body"
      readonly bytes: number
      readonly status?: number | undefined
      readonly contentType?: string | undefined
      readonly contentLength?: boolean | undefined
    }

/** Which requests a fault applies to, and how many times. */
export interface InjectOptions {
  /** How many matching requests get the fault (default 1). */
  readonly times?: number | undefined
  /** Only requests with this method (case-insensitive). */
  readonly method?: string | undefined
  /**
   * Only requests whose path (without query) equals this string or ends with `/` + it
   * (`"order/certificate/ssl_dv_geotrust"`, `"commit.json"`), or matches this RegExp.
   */
  readonly path?: string | RegExp | undefined
}

const htmlPage = (status: number, title: string) =>
  `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title></head>` +
  `<body><h1>${status} ${title}</h1><hr><center>nginx</center></body></html>\n`

/** Constructors for every fault kind, e.g. `handle.inject(faults.resetAfter(), { method: "POST" })`. */
export const faults = {
  error: (code: string): Fault => ({ kind: "error", code }),
  status: (status: number, body?: string, headers?: Readonly<Record<string, string>>): Fault => ({
    kind: "status",
    status,
    body,
    headers
  }),
  /** Any status with `value` as a JSON body (`content-type: application/json`), e.g. a new field. */
  json: (status: number, value: unknown, headers?: Readonly<Record<string, string>>): Fault => ({
    kind: "status",
    status,
    body: JSON.stringify(value),
    headers: { "content-type": "application/json", ...headers }
  }),
  /** The HTML page a reverse proxy answers when the vendor behind it is down. */
  htmlBadGateway: (): Fault => ({
    kind: "status",
    status: 502,
    body: htmlPage(502, "Bad Gateway"),
    headers: { "content-type": "text/html" }
  }),
  resetBefore: (): Fault => ({ kind: "reset", when: "before" }),
  resetAfter: (): Fault => ({ kind: "reset", when: "after" }),
  resetDuringBody: (): Fault => ({ kind: "reset", when: "during-body" }),
  delay: (millis: number): Fault => ({ kind: "delay", millis }),
  hang: (): Fault => ({ kind: "hang" }),
  /** Headers and the first bytes of a body (default 200, `{"errors":[`), then nothing. */
  stall: (
    options: { status?: number; body?: string; headers?: Readonly<Record<string, string>> } = {}
  ): Fault => ({
    kind: "stall",
    ...options
  }),
  redirect: (location: string, status: 301 | 302 | 303 | 307 | 308 = 302): Fault => ({
    kind: "redirect",
    location,
    status
  }),
  truncate: (bytes?: number): Fault => ({ kind: "truncate", bytes }),
  largeBody: (
    bytes: number,
    options: { status?: number; contentType?: string; contentLength?: boolean } = {}
  ): Fault => ({
    kind: "large-body",
    bytes,
    ...options
  })
} as const

const isStatus = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 100 && value <= 599

const isCount = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0

/** Throws a TypeError for a fault a simulator cannot perform; `knownCode` checks `error` codes. */
export const checkFault = (fault: Fault, knownCode: (code: string) => boolean): void => {
  const bad = (why: string): never => {
    throw new TypeError(`inject: ${why}`)
  }
  if (typeof fault !== "object" || fault === null) bad("the fault must be an object")
  switch (fault.kind) {
    case "error":
      if (!knownCode(fault.code)) bad(`no fixture has the code ${JSON.stringify(fault.code)}`)
      return
    case "status":
      if (!isStatus(fault.status)) bad("status must be an integer from 100 to 599")
      return
    case "reset":
      if (!["before", "after", "during-body"].includes(fault.when)) {
        bad('reset "when" must be "before", "after" or "during-body"')
      }
      return
    case "delay":
      if (!isCount(fault.millis)) bad("delay millis must be a non-negative integer")
      return
    case "hang":
      return
    case "stall":
      if (fault.status !== undefined && !isStatus(fault.status))
        bad("status must be an integer from 100 to 599")
      if (fault.body !== undefined && typeof fault.body !== "string") bad("stall body must be a string")
      return
    case "redirect":
      if (typeof fault.location !== "string" || fault.location === "") bad("redirect needs a location")
      if (fault.status !== undefined && ![301, 302, 303, 307, 308].includes(fault.status)) {
        bad("redirect status must be 301, 302, 303, 307 or 308")
      }
      return
    case "truncate":
      if (fault.bytes !== undefined && !isCount(fault.bytes))
        bad("truncate bytes must be a non-negative integer")
      return
    case "large-body":
      if (!isCount(fault.bytes)) bad("large-body bytes must be a non-negative integer")
      if (fault.status !== undefined && !isStatus(fault.status))
        bad("status must be an integer from 100 to 599")
      return
    default:
      bad(`unknown fault kind ${JSON.stringify((fault as { kind?: unknown }).kind)}`)
  }
}

export const checkInjectOptions = (options: InjectOptions): number => {
  const times = options.times ?? 1
  if (!Number.isSafeInteger(times) || times < 1) throw new TypeError("inject: times must be an integer >= 1")
  if (options.path !== undefined && typeof options.path !== "string" && !(options.path instanceof RegExp)) {
    throw new TypeError("inject: path must be a string or a RegExp")
  }
  return times
}

export const matches = (options: InjectOptions, method: string, path: string): boolean => {
  if (options.method !== undefined && options.method.toUpperCase() !== method.toUpperCase()) return false
  const want = options.path
  if (want === undefined) return true
  if (want instanceof RegExp) return want.test(path)
  const bare = want.replace(/^\/+/, "")
  return path === want || path === `/${bare}` || path.endsWith(`/${bare}`)
}
