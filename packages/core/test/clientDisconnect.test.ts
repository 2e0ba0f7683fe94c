import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { afterEach, describe, expect, it } from "vitest"
import { clientGone, interruptOnDisconnect } from "../src/adapter/clientDisconnect.js"
import { type EffectForker, runForResponse } from "../src/adapter/runForResponse.js"
import { recordingTracer } from "./recordingTracer.js"

// Node 20 has no Promise.withResolvers.
const deferred = <A>() => {
  let resolve: (value: A) => void = () => {}
  const promise = new Promise<A>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

let server: http.Server | undefined
afterEach(
  () =>
    new Promise<void>((done) => {
      server?.closeAllConnections()
      server?.close(() => done()) ?? done()
      server = undefined
    })
)

/** A real server on loopback; every request's response is handed to the test. */
const listen = async (): Promise<{ port: number; responses: AsyncIterator<http.ServerResponse> }> => {
  const queue: Array<http.ServerResponse> = []
  let waiting: ((res: http.ServerResponse) => void) | undefined
  server = http.createServer((_req, res) => {
    if (waiting) {
      waiting(res)
      waiting = undefined
    } else queue.push(res)
  })
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve))
  const next = () =>
    new Promise<http.ServerResponse>((resolve) => {
      const queued = queue.shift()
      if (queued) resolve(queued)
      else waiting = resolve
    })
  return {
    port: (server!.address() as AddressInfo).port,
    responses: { next: async () => ({ value: await next(), done: false }) }
  }
}

/** Sends a request and returns a way to hang up before any answer. */
const call = (port: number) => {
  const client = http.get({ host: "127.0.0.1", port, path: "/" })
  const failed = new Promise<void>((resolve) => client.on("error", () => resolve()))
  const answered = new Promise<number | undefined>((resolve) =>
    client.on("response", (res) => {
      res.resume()
      res.on("end", () => resolve(res.statusCode))
    })
  )
  return { hangUp: () => client.destroy(), failed, answered }
}

const closed = (res: http.ServerResponse) =>
  new Promise<void>((resolve) => (res.destroyed ? resolve() : res.once("close", () => resolve())))

// A fiber that waits for ever unless interrupted, and whether it was.
const waiting = () => {
  const fiber = Effect.runFork(Effect.never)
  const interrupted = deferred<boolean>()
  fiber.addObserver((exit) => interrupted.resolve(Exit.hasInterrupts(exit)))
  return { fiber, interrupted: interrupted.promise }
}

describe("interruptOnDisconnect", () => {
  it("interrupts the fiber when the client goes away before the response finished", async () => {
    const { port, responses } = await listen()
    const client = call(port)
    const res = (await responses.next()).value
    const { fiber, interrupted } = waiting()
    interruptOnDisconnect(fiber, res)
    expect(clientGone(res)).toBe(false)
    expect(fiber.pollUnsafe()).toBeUndefined()
    client.hangUp()
    await client.failed
    expect(await interrupted).toBe(true)
    expect(clientGone(res)).toBe(true)
  })

  it("interrupts at once when the client was already gone", async () => {
    const { port, responses } = await listen()
    const client = call(port)
    const res = (await responses.next()).value
    client.hangUp()
    await closed(res)
    expect(clientGone(res)).toBe(true)
    const { fiber, interrupted } = waiting()
    const listeners = res.listenerCount("close")
    interruptOnDisconnect(fiber, res)
    expect(await interrupted).toBe(true)
    expect(res.listenerCount("close")).toBe(listeners)
  })

  it("leaves a fiber whose response finished, and stops watching when the fiber ends", async () => {
    const { port, responses } = await listen()
    const first = call(port)
    const finished = (await responses.next()).value
    const kept = waiting()
    interruptOnDisconnect(kept.fiber, finished)
    finished.end("done")
    expect(await first.answered).toBe(200)
    await closed(finished)
    expect(clientGone(finished)).toBe(false)
    expect(kept.fiber.pollUnsafe()).toBeUndefined()
    kept.fiber.interruptUnsafe()
    await kept.interrupted

    const second = call(port)
    const abandoned = (await responses.next()).value
    const listeners = abandoned.listenerCount("close")
    const ended = Effect.runFork(Effect.never)
    interruptOnDisconnect(ended, abandoned)
    expect(abandoned.listenerCount("close")).toBe(listeners + 1)
    ended.interruptUnsafe()
    await new Promise<void>((resolve) => ended.addObserver(() => resolve()))
    expect(abandoned.listenerCount("close")).toBe(listeners)
    second.hangUp()
    await closed(abandoned)
  })

  it("does not watch a fiber that is already done", async () => {
    const { port, responses } = await listen()
    call(port)
    const res = (await responses.next()).value
    const listeners = res.listenerCount("close")
    const done = Effect.runFork(Effect.succeed(1))
    interruptOnDisconnect(done, res)
    expect(res.listenerCount("close")).toBe(listeners)
    expect(done.pollUnsafe()).toEqual(Exit.succeed(1))
    res.end()
  })
})

describe("runForResponse", () => {
  const request = { method: "GET", routeOptions: { url: "/orders/:id" }, url: "/orders/o-1" }
  // A real runtime, watched: every fiber's exit is kept, and spans go to a recording tracer.
  const watched = () => {
    const { spans, tracer } = recordingTracer()
    const exits: Array<Exit.Exit<unknown, unknown>> = []
    const runtime: EffectForker<never> = {
      runFork: (effect, options) => {
        const fiber = Effect.runFork(Effect.withTracer(effect, tracer), options)
        fiber.addObserver((exit) => exits.push(exit))
        return fiber
      }
    }
    return { spans, exits, runtime }
  }

  it("gives the exit of an Effect that does not wait before returning, in the server span", async () => {
    const { port, responses } = await listen()
    const client = call(port)
    const res = (await responses.next()).value
    const { spans, runtime } = watched()
    const seen: Array<Exit.Exit<unknown, unknown>> = []
    const listeners = res.listenerCount("close")
    runForResponse(
      runtime,
      Effect.map(Effect.currentSpan, (span) => span.name),
      request,
      res,
      (exit) => seen.push(exit)
    )
    expect(seen).toEqual([Exit.succeed("GET /orders/:id")])
    // No disconnect watch is left behind: only the span's own wait for the answer.
    expect(res.listenerCount("close")).toBe(listeners + 1)
    res.end()
    expect(await client.answered).toBe(200)
    await closed(res)
    expect(spans.map((span) => [span.name, span.kind, span.status._tag])).toEqual([
      ["GET /orders/:id", "server", "Ended"]
    ])
  })

  it("gives the exit of an Effect that waits once it is done", async () => {
    const { port, responses } = await listen()
    call(port)
    const res = (await responses.next()).value
    const { runtime } = watched()
    const gate = Effect.runSync(Deferred.make<string>())
    const seen = deferred<Exit.Exit<unknown, unknown>>()
    let calls = 0
    runForResponse(runtime, Deferred.await(gate), request, res, (exit) => {
      calls++
      seen.resolve(exit)
    })
    expect(calls).toBe(0)
    Effect.runSync(Deferred.succeed(gate, "done"))
    expect(await seen.promise).toEqual(Exit.succeed("done"))
    expect(calls).toBe(1)
    res.end()
  })

  it("interrupts the Effect when the client goes away, and gives no exit: no one is left to answer", async () => {
    const { port, responses } = await listen()
    const client = call(port)
    const res = (await responses.next()).value
    const { exits, runtime } = watched()
    const finalized = deferred<void>()
    const seen: Array<unknown> = []
    runForResponse(
      runtime,
      Effect.never.pipe(Effect.ensuring(Effect.sync(() => finalized.resolve()))),
      request,
      res,
      (exit) => seen.push(exit)
    )
    client.hangUp()
    await finalized.promise
    await closed(res)
    expect(exits).toHaveLength(1)
    expect(Exit.hasInterrupts(exits[0]!)).toBe(true)
    expect(seen).toEqual([])
  })

  it("interrupts when cancelled, and gives that exit while the client waits", async () => {
    const { port, responses } = await listen()
    call(port)
    const res = (await responses.next()).value
    const { runtime } = watched()
    const seen = deferred<Exit.Exit<unknown, unknown>>()
    const cancel = runForResponse(runtime, Effect.never, request, res, seen.resolve)
    cancel()
    expect(Exit.hasInterrupts(await seen.promise)).toBe(true)
    res.end()
  })

  it("runs outside HTTP without a server span", () => {
    const { spans, runtime } = watched()
    const seen: Array<Exit.Exit<unknown, unknown>> = []
    runForResponse(runtime, Effect.succeed(1), undefined, undefined, (exit) => seen.push(exit))
    expect(seen).toEqual([Exit.succeed(1)])
    expect(spans).toEqual([])
  })
})
