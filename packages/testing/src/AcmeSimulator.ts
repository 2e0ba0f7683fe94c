import { type AcmeClientOptions, clientOptions } from "./clientOptions.js"
import { jsonReply, type Reply } from "./Reply.js"
import type { SimulatorHandle } from "./SimulatorHandle.js"
import { handleOf } from "./handleOf.js"
import { startServer } from "./server.js"

// The made-up "acme" vendor's wire, as packages/acme/CONTRACT.md defines it (acme has no public API:
// its contract is ours, and this is the independent implementation a client is tested against).
// Widgets: `GET widgets/{id}`, `GET widgets?name=`, `POST widgets {name}` (201). Every request needs
// `x-acme-key`. Errors: `{"error":{"code","message","field"?}}` with the statuses below.

/** Each acme error code and the status it comes with (CONTRACT.md). */
export const acmeErrorStatuses: Readonly<Record<string, number>> = {
  badfield: 400,
  badkey: 401,
  missing: 404,
  busy: 409,
  refused: 422,
  throttled: 429,
  broken: 500,
  maintenance: 503,
  slow: 504
}

/** An acme error body; `message` is upstream free text a client must never pass on. */
export const acmeErrorBody = (code: string, field?: string): string =>
  JSON.stringify({ error: { code, message: `acme says ${code}`, ...(field !== undefined ? { field } : {}) } })

const acmeError = (code: string, field?: string): Reply => ({
  status: acmeErrorStatuses[code] ?? 500,
  headers: { "content-type": "application/json" },
  body: acmeErrorBody(code, field)
})

/** The simulated widgets, in creation order. */
export interface SimulatedWidget {
  readonly id: number
  readonly name: string
}

export interface AcmeSimulatorOptions {
  /** Port on 127.0.0.1; default 0 (the OS picks one). */
  readonly port?: number | undefined
  /** The accepted `x-acme-key`; default `acme-test-key`. */
  readonly apiKey?: string | undefined
}

export interface AcmeSimulatorHandle extends SimulatorHandle {
  readonly apiKey: string
  /** `{ baseUrl, apiKey }` (the key `Redacted`) for the acme client. */
  readonly clientOptions: AcmeClientOptions
  /** Every widget created so far. */
  readonly widgets: () => ReadonlyArray<SimulatedWidget>
}

/** Starts the acme simulator on 127.0.0.1: a real HTTP server with the faults of every simulator. */
export const startAcmeSimulator = async (
  options: AcmeSimulatorOptions = {}
): Promise<AcmeSimulatorHandle> => {
  const apiKey = options.apiKey ?? "acme-test-key"
  const widgets: Array<SimulatedWidget> = []
  const server = await startServer({
    name: "startAcmeSimulator",
    port: options.port ?? 0,
    authenticated: (request) => request.headers["x-acme-key"] === apiKey,
    errorReply: (code) => (code in acmeErrorStatuses ? acmeError(code) : undefined),
    handle: (request) => {
      if (request.headers["x-acme-key"] !== apiKey) return acmeError("badkey")
      const id = /^\/widgets\/(\d{1,9})$/.exec(request.path)?.[1]
      if (request.method === "GET" && id !== undefined) {
        const widget = widgets.find((w) => w.id === Number(id))
        return widget !== undefined ? jsonReply(200, widget) : acmeError("missing")
      }
      if (request.path !== "/widgets") return { status: 404 }
      if (request.method === "GET") {
        const name = request.query.get("name")
        return jsonReply(200, { widgets: widgets.filter((w) => name === null || w.name === name) })
      }
      if (request.method !== "POST") return { status: 405 }
      let name: unknown
      try {
        name = (JSON.parse(request.body) as { name?: unknown }).name
      } catch {
        name = undefined
      }
      if (typeof name !== "string" || !/^[a-z0-9-]{1,64}$/.test(name)) return acmeError("badfield", "name")
      if (widgets.some((w) => w.name === name)) return acmeError("busy")
      const widget = { id: widgets.length + 1, name }
      widgets.push(widget)
      return jsonReply(201, widget)
    }
  })
  // Spread would read the getters once: define the vendor's fields on the common handle instead.
  return Object.assign(handleOf(server), {
    apiKey,
    clientOptions: clientOptions({ baseUrl: server.origin }, { apiKey }),
    widgets: () => [...widgets]
  })
}
