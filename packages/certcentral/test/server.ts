import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"

export interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

export interface Reply {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Record<string, string>
}

export interface FakeCertCentral {
  readonly baseUrl: string
  readonly seen: Array<Seen>
  /** Replies served in order; the last one repeats. Status 0 never answers. */
  readonly reply: (...replies: ReadonlyArray<Reply>) => void
  /** Requests the server holds without answering (status 0). */
  readonly hanging: () => number
  /** Requests our client has sent and not yet got an answer for (see {@link trackedHttpClient}). */
  inflight: number
}

/** A real HTTP server on 127.0.0.1 (port chosen by the OS) speaking scripted CertCentral answers. */
export const fakeCertCentral: Effect.Effect<FakeCertCentral, never, Scope.Scope> = Effect.acquireRelease(
  Effect.callback<{ server: Server; fake: FakeCertCentral }>((resume) => {
    const seen: Array<Seen> = []
    let hanging = 0
    let queue: Array<Reply> = [{ status: 200, body: {} }]
    const server = createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => {
        seen.push({
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8")
        })
        const reply = (queue.length > 1 ? queue.shift() : queue[0]) as Reply
        // Status 0: never answer (a hung upstream).
        if (reply.status === 0) {
          hanging++
          return
        }
        const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {})
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers })
        res.end(text)
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resume(
        Effect.succeed({
          server,
          fake: {
            baseUrl: `http://127.0.0.1:${port}/services/v2/`,
            seen,
            reply: (...replies) => {
              queue = [...replies]
            },
            hanging: () => hanging,
            inflight: 0
          }
        })
      )
    })
  }),
  ({ server }) =>
    Effect.callback<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
).pipe(Effect.map(({ fake }) => fake))

/**
 * `FetchHttpClient` counting the requests in flight on `fake`, so a test moves the TestClock only
 * while the client waits on it (a backoff or rate-limit sleep), never under a request in flight.
 */
export const trackedHttpClient = (fake: FakeCertCentral): Layer.Layer<HttpClient.HttpClient> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.gen(function* () {
      const client = yield* HttpClient.HttpClient
      return HttpClient.transform(client, (response) =>
        Effect.suspend(() => {
          fake.inflight++
          return response
        }).pipe(
          Effect.ensuring(
            Effect.sync(() => {
              fake.inflight--
            })
          )
        )
      )
    })
  ).pipe(Layer.provide(FetchHttpClient.layer))
