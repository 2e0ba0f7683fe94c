/**
 * Headers a route may have set for the body it meant to send. An adapter removes them before it
 * answers with a problem, since they would misdescribe it (a problem served as `x.csv`, or in
 * `Content-Language: fr`). Others (CORS, security headers set by earlier middleware) stay, as with
 * Express's own final handler.
 */
export const staleContentHeaders: ReadonlyArray<string> = [
  "content-disposition",
  "content-encoding",
  "content-language",
  "content-length",
  "content-location",
  "content-range",
  "etag",
  "last-modified"
]
