import { createHmac, timingSafeEqual } from "node:crypto"
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"

// A DO-API stand-in on 127.0.0.1 that verifies signatures itself (its own string-to-sign code,
// independent of src/sign.ts) before routing, and answers like IIJ documents.

export interface Received {
  readonly method: string
  readonly path: string
  readonly headers: IncomingMessage["headers"]
  readonly body: string
  readonly expire: string
}

export interface Reply {
  readonly status?: number
  readonly body?: unknown
  /** Never answer (the connection stays open until the server closes). */
  readonly hang?: boolean
  readonly headers?: Readonly<Record<string, string>>
}

export type Route = (request: Received) => Reply

export interface FakeDoApi {
  readonly url: string
  readonly received: Array<Received>
  /** Replies for the next requests that pass verification, in order; then `fallback`. */
  readonly queue: Array<Route>
  fallback: Route
  /** Requests received and not yet answered, hanging ones included. */
  readonly inflight: number
  /** Requests held forever by a `hang` reply. */
  readonly hanging: number
  /** The server's clock (epoch ms) for Expire checks. */
  now: () => number
  /** Called for every request before verification (e.g. to move a client clock). */
  onRequest: (request: Received) => void
  readonly close: () => Promise<void>
}

export const accessKey = "AKTESTACCESSKEY0001"
export const secretKey = "sk-test-9f8e7d6c5b4a-do-not-log"

let sequence = 0
export const requestId = () => `00000000-00000000-00000000-00000000-${String(++sequence).padStart(8, "0")}`

const errorBody = (type: string, message: string) => ({
  ErrorResponse: { RequestId: requestId(), ErrorType: type, ErrorMessage: message }
})

const stringToSign = (method: string, path: string, headers: IncomingMessage["headers"]): string => {
  const iijapi = Object.keys(headers)
    .filter((name) => name.startsWith("x-iijapi-"))
    .sort()
    .map((name) => `${name}:${String(headers[name])}\n`)
    .join("")
  return `${method}\n${headers["content-md5"] ?? ""}\n${headers["content-type"] ?? ""}\n${iijapi}${path}`
}

const verify = (request: Received, now: number): Reply | undefined => {
  const authorization = request.headers.authorization ?? ""
  const match = /^IIJAPI ([^:]+):(.+)$/.exec(authorization)
  const method = request.headers["x-iijapi-signaturemethod"]
  const version = request.headers["x-iijapi-signatureversion"]
  if (!match) return { status: 400, body: errorBody("BadRequest", "Signature is not valid.") }
  if (method !== "HmacSHA256")
    return { status: 400, body: errorBody("BadRequest", "Signature method is not valid.") }
  if (version !== "2")
    return { status: 400, body: errorBody("BadRequest", "Signature version is not valid.") }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(request.expire)) {
    return { status: 400, body: errorBody("BadRequest", "Expire is not valid.") }
  }
  if (match[1] !== accessKey) {
    return {
      status: 401,
      body: errorBody("AuthFailure", "Unable to validate the provided access credentials.")
    }
  }
  const expected = createHmac("sha256", secretKey)
    .update(stringToSign(request.method, request.path, request.headers))
    .digest()
  const given = Buffer.from(match[2]!, "base64")
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      status: 403,
      body: errorBody(
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided."
      )
    }
  }
  if (Date.parse(request.expire) < now) {
    return { status: 400, body: errorBody("RequestExpired", "The request has expired.") }
  }
  return undefined
}

export const startFakeDoApi = async (): Promise<FakeDoApi> => {
  const state = {
    received: [] as Array<Received>,
    queue: [] as Array<Route>,
    fallback: (() => ({ status: 200, body: { RequestId: requestId() } })) as Route,
    now: () => 0,
    onRequest: (_: Received) => {},
    inflight: 0,
    hanging: 0
  }
  const server: Server = createServer((req, res) => {
    state.inflight++
    res.on("close", () => {
      state.inflight--
    })
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const received: Received = {
        method: req.method ?? "",
        path: (req.url ?? "").split("?")[0]!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        expire: String(req.headers["x-iijapi-expire"] ?? "")
      }
      state.received.push(received)
      state.onRequest(received)
      const reply = verify(received, state.now()) ?? (state.queue.shift() ?? state.fallback)(received)
      if (reply.hang === true) {
        state.hanging++
        res.on("close", () => {
          state.hanging--
        })
        return
      }
      const status = reply.status ?? 200
      if (reply.body === undefined) {
        res.writeHead(status, { ...reply.headers }).end()
      } else {
        res
          .writeHead(status, { "content-type": "application/json", ...reply.headers })
          .end(JSON.stringify(reply.body))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  const fake: FakeDoApi = {
    url: `http://127.0.0.1:${port}`,
    received: state.received,
    queue: state.queue,
    get fallback() {
      return state.fallback
    },
    set fallback(route: Route) {
      state.fallback = route
    },
    get inflight() {
      return state.inflight
    },
    get hanging() {
      return state.hanging
    },
    get now() {
      return state.now
    },
    set now(f: () => number) {
      state.now = f
    },
    get onRequest() {
      return state.onRequest
    },
    set onRequest(f: (request: Received) => void) {
      state.onRequest = f
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      })
  }
  return fake
}

export { errorBody }
