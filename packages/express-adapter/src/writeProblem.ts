import { mergeVary, type ProblemResponse, staleContentHeaders } from "@faultline/core/adapter"
import type { Response } from "express"

// Node's own setters on the response: Express's `res.set` and `res.json` add work a problem does not
// need (a MIME lookup per Content-Type, JSON settings, an ETag that `Cache-Control: no-store` makes
// useless). The charset is the one Express's `res.json` always named.
const withCharset = (type: string): string => (type.includes("charset=") ? type : `${type}; charset=utf-8`)

/**
 * Writes a problem response: removes the headers the route set for the body it meant to send
 * (`staleContentHeaders`), joins `Vary` to what earlier middleware said (CORS's `Origin` stays), sets
 * the rest and sends the body as UTF-8 JSON with its `Content-Length`. The same for upstream failures
 * and the app's own `problem()`.
 */
export const writeProblem = (res: Response, response: ProblemResponse): void => {
  for (const name of staleContentHeaders) res.removeHeader(name)
  const headers = response.headers
  for (const name in headers) {
    const value = headers[name] as string
    res.setHeader(
      name,
      name === "vary"
        ? mergeVary(res.getHeader("vary"), value)
        : name === "content-type"
          ? withCharset(value)
          : value
    )
  }
  const json = JSON.stringify(response.body)
  res.statusCode = response.status
  res.setHeader("content-length", Buffer.byteLength(json))
  res.end(json)
}
