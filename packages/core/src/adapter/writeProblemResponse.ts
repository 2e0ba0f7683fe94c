import { mergeVary } from "../mergeVary.js"
import type { ProblemResponse } from "../Problem.js"
import { staleContentHeaders } from "../staleContentHeaders.js"

/** The slice of Node's `ServerResponse` a problem is written with. */
export interface ProblemTarget {
  statusCode: number
  getHeader(name: string): unknown
  setHeader(name: string, value: string | number): unknown
  removeHeader(name: string): unknown
  end(chunk: string): unknown
}

/**
 * The value to write for one of a problem's headers: `Vary` joined to what the response already says
 * (`currentVary`: CORS's `Origin` stays), the content type with the charset of its JSON text (what
 * Express's `res.json` and Fastify's serializer name), any other as it is.
 */
export const problemHeaderValue = (name: string, value: string, currentVary: unknown): string =>
  name === "vary"
    ? mergeVary(currentVary, value)
    : name === "content-type" && !value.includes("charset=")
      ? `${value}; charset=utf-8`
      : value

/**
 * Writes a problem on Node's response (Express's, or Nest's on platform-express): removes the headers
 * the route set for the body it meant to send (`staleContentHeaders`), sets the problem's headers
 * ({@link problemHeaderValue}), and ends with the body as UTF-8 JSON and its `Content-Length`.
 * Node's own setters: a framework's (Express's `res.set` and `res.json`) add work a problem does not
 * need, a MIME lookup per content type, JSON settings, and an `ETag` that `no-store` makes useless.
 */
export const writeProblemResponse = (res: ProblemTarget, response: ProblemResponse): void => {
  for (const name of staleContentHeaders) res.removeHeader(name)
  const headers = response.headers
  const vary = res.getHeader("vary")
  for (const name in headers) res.setHeader(name, problemHeaderValue(name, headers[name] as string, vary))
  const json = JSON.stringify(response.body)
  res.statusCode = response.status
  res.setHeader("content-length", Buffer.byteLength(json))
  res.end(json)
}
