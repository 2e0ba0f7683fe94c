import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { checkFault, checkInjectOptions, type Fault, type InjectOptions, matches } from "./Fault.js"
import { type RecordedRequest, redactedHeaders } from "./RecordedRequest.js"
import type { Reply } from "./Reply.js"

// The HTTP side shared by both simulators: a real node:http server on 127.0.0.1 that records every
// request, applies injected faults and otherwise hands the request to the vendor's handler.

/** What a vendor handler sees of a request. */
export interface SimRequest {
  readonly method: string
  /** Raw (still percent-encoded) path, without query. */
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingHttpHeaders
  readonly body: string
  readonly httpVersion: string
}

export interface ServerConfig {
  /** The public function name, for error messages. */
  readonly name: string
  readonly port: number
  readonly handle: (request: SimRequest) => Reply | Promise<Reply>
  /** Whether a request carries valid credentials (recorded as `authenticated`). */
  readonly authenticated: (request: SimRequest) => boolean
  /** The answer of an `error` fault; `undefined` for an unknown code. */
  readonly errorReply: (code: string) => Reply | undefined
}

export interface RunningServer {
  readonly origin: string
  readonly requests: ReadonlyArray<RecordedRequest>
  readonly hanging: () => number
  readonly streamedBytes: () => number
  readonly inject: (fault: Fault, options?: InjectOptions) => void
  readonly clearFaults: () => void
  readonly close: () => Promise<void>
}

interface Armed {
  readonly fault: Fault
  readonly options: InjectOptions
  remaining: number
}

// Request bodies above this are refused unread: no simulated call sends anything close to it.
const maxRequestBody = 16 * 1024 * 1024
const largeChunk = Buffer.alloc(64 * 1024, "x")

const writeReply = (res: ServerResponse, reply: Reply): void => {
  const body = reply.body ?? ""
  res.writeHead(reply.status, { ...reply.headers, "content-length": String(Buffer.byteLength(body)) })
  res.end(body)
}

const streamLarge = (
  res: ServerResponse,
  fault: Extract<Fault, { kind: "large-body" }>,
  written: (bytes: number) => void
): void => {
  const prefix = Buffer.from('{"padding":"')
  const suffix = Buffer.from('"}')
  const framed = fault.bytes >= prefix.length + suffix.length
  let remaining = framed ? fault.bytes - prefix.length - suffix.length : fault.bytes
  res.writeHead(fault.status ?? 200, {
    "content-type": fault.contentType ?? "application/json",
    ...(fault.contentLength === false ? {} : { "content-length": String(fault.bytes) })
  })
  if (framed) {
    res.write(prefix)
    written(prefix.length)
  }
  // Writes one shared chunk again and again, waiting for 'drain': memory stays flat at any size, and a
  // client that gives up (socket destroyed) simply stops the pump.
  const pump = (): void => {
    while (remaining > 0) {
      if (res.destroyed) return
      const size = Math.min(largeChunk.length, remaining)
      remaining -= size
      written(size)
      if (!res.write(size === largeChunk.length ? largeChunk : largeChunk.subarray(0, size))) {
        res.once("drain", pump)
        return
      }
    }
    if (framed) written(suffix.length)
    res.end(framed ? suffix : undefined)
  }
  pump()
}

const resetNow = (res: ServerResponse): void => {
  const socket = res.socket
  if (socket === null) return
  // An RST, not a FIN: what a crashed upstream or a dropped load-balancer connection looks like.
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy()
  else socket.destroy()
}

export const startServer = (config: ServerConfig): Promise<RunningServer> => {
  const requests: Array<RecordedRequest> = []
  let armed: Array<Armed> = []
  const timers = new Set<NodeJS.Timeout>()
  let closed = false
  let hanging = 0
  let streamed = 0
  const hold = (res: ServerResponse): void => {
    hanging++
    res.once("close", () => {
      hanging--
    })
  }

  const take = (method: string, path: string): Fault | undefined => {
    const found = armed.find((a) => matches(a.options, method, path))
    if (found === undefined) return undefined
    found.remaining--
    if (found.remaining === 0) armed = armed.filter((a) => a !== found)
    return found.fault
  }

  const sleep = (millis: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, millis)
      timers.add(timer)
    })

  const answer = async (request: SimRequest, res: ServerResponse): Promise<void> => {
    const fault = take(request.method, request.path)
    if (fault === undefined) return writeReply(res, await config.handle(request))
    // Every faulted answer closes its connection, so no fault leaks into the next request.
    res.shouldKeepAlive = false
    switch (fault.kind) {
      case "error":
        return writeReply(res, config.errorReply(fault.code) ?? { status: 500 })
      case "status":
        return writeReply(res, { status: fault.status, headers: fault.headers, body: fault.body })
      case "redirect":
        return writeReply(res, { status: fault.status ?? 302, headers: { location: fault.location } })
      case "large-body":
        return streamLarge(res, fault, (bytes) => {
          streamed += bytes
        })
      case "hang":
        return hold(res)
      case "stall": {
        hold(res)
        res.writeHead(fault.status ?? 200, { "content-type": "application/json", ...fault.headers })
        res.write(fault.body ?? '{"errors":[')
        return
      }
      case "delay": {
        await sleep(fault.millis)
        if (closed) return
        return writeReply(res, await config.handle(request))
      }
      case "reset": {
        if (fault.when === "before") return resetNow(res)
        const reply = await config.handle(request)
        if (fault.when === "after") return resetNow(res)
        const body = Buffer.from(reply.body ?? "")
        res.writeHead(reply.status, { ...reply.headers, "content-length": String(body.length) })
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => resetNow(res))
        return
      }
      case "truncate": {
        const reply = await config.handle(request)
        const body = Buffer.from(reply.body ?? "")
        const cut = Math.min(fault.bytes ?? Math.floor(body.length / 2), Math.max(body.length - 1, 0))
        res.writeHead(reply.status, { ...reply.headers, "content-length": String(body.length) })
        // A clean close (FIN) short of content-length: the body just stops.
        res.write(body.subarray(0, cut), () => res.socket?.destroy())
        return
      }
    }
  }

  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    let size = 0
    let tooLarge = false
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > maxRequestBody) tooLarge = true
      else chunks.push(chunk)
    })
    req.on("end", () => {
      const url = req.url ?? "/"
      const queryAt = url.indexOf("?")
      const path = queryAt === -1 ? url : url.slice(0, queryAt)
      const query = queryAt === -1 ? "" : url.slice(queryAt + 1)
      const request: SimRequest = {
        method: req.method ?? "GET",
        path,
        query: new URLSearchParams(query),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        httpVersion: req.httpVersion
      }
      requests.push({
        method: request.method,
        path,
        query,
        headers: redactedHeaders(req.headers),
        body: request.body,
        authenticated: config.authenticated(request)
      })
      if (tooLarge) return writeReply(res, { status: 413 })
      answer(request, res).catch(() => {
        if (!res.headersSent) writeReply(res, { status: 500 })
        else res.destroy()
      })
    })
  })
  // Node closes idle keep-alive sockets itself; a test's client may hold one across requests.
  server.keepAliveTimeout = 5_000

  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`${config.name}: option "port": 127.0.0.1:${config.port} is already in use`)
          : new Error(`${config.name}: cannot listen on 127.0.0.1:${config.port}: ${error.message}`)
      )
    }
    server.once("error", onError)
    server.listen(config.port, "127.0.0.1", () => {
      server.off("error", onError)
      const { port } = server.address() as AddressInfo
      resolve({
        origin: `http://127.0.0.1:${port}`,
        requests,
        hanging: () => hanging,
        streamedBytes: () => streamed,
        inject: (fault, options = {}) => {
          checkFault(fault, (code) => config.errorReply(code) !== undefined)
          const times = checkInjectOptions(options)
          armed.push({ fault, options, remaining: times })
        },
        clearFaults: () => {
          armed = []
        },
        close: () => {
          if (closed) return Promise.resolve()
          closed = true
          for (const timer of timers) clearTimeout(timer)
          timers.clear()
          return new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()))
            // Hanging requests and keep-alive sockets would keep close() waiting forever.
            server.closeAllConnections()
          })
        }
      })
    })
  })
}
