import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { clientDisconnect } from "../src/adapter/clientDisconnect.js"

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

describe("clientDisconnect", () => {
  it("aborts when the client goes away before the response finished", async () => {
    const { port, responses } = await listen()
    const client = call(port)
    const res = (await responses.next()).value
    const disconnect = clientDisconnect(res)
    const aborted = deferred<void>()
    disconnect.signal.addEventListener("abort", () => aborted.resolve())
    expect(disconnect.signal.aborted).toBe(false)
    client.hangUp()
    await client.failed
    await aborted.promise
    expect(disconnect.signal.aborted).toBe(true)
  })

  it("aborts at once when the client was already gone", async () => {
    const { port, responses } = await listen()
    const client = call(port)
    const res = (await responses.next()).value
    client.hangUp()
    await closed(res)
    const disconnect = clientDisconnect(res)
    expect(disconnect.signal.aborted).toBe(true)
    disconnect.stop()
  })

  it("does not abort for a response that finished, and stops listening when told", async () => {
    const { port, responses } = await listen()
    const first = call(port)
    const finished = (await responses.next()).value
    const kept = clientDisconnect(finished)
    finished.end("done")
    expect(await first.answered).toBe(200)
    await closed(finished)
    expect(kept.signal.aborted).toBe(false)
    kept.stop()

    const second = call(port)
    const abandoned = (await responses.next()).value
    const stopped = clientDisconnect(abandoned)
    const listeners = abandoned.listenerCount("close")
    stopped.stop()
    expect(abandoned.listenerCount("close")).toBe(listeners - 1)
    second.hangUp()
    await closed(abandoned)
    expect(stopped.signal.aborted).toBe(false)
  })

  it("never fires without a response (not HTTP)", () => {
    const disconnect = clientDisconnect(undefined)
    expect(disconnect.signal.aborted).toBe(false)
    disconnect.stop()
  })
})
