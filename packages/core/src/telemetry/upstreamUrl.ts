import type * as HttpClientRequest from "effect/http/HttpClientRequest"

/** What replaces a secret in `url.full`, as OpenTelemetry's HTTP span conventions write it. */
export const redacted = "REDACTED"

/**
 * The request's URL for `url.full`, safe to export: user and password become `REDACTED`, every
 * query value becomes `REDACTED` (the keys stay), and the fragment (never sent) is dropped.
 *
 * Why every query value and not a list of known secret keys (the conventions list `sig`,
 * `Signature`, `X-Amz-Signature`…): a vendor's query may carry a signature, an access key or the
 * caller's own data (DPF-API's record-name filter), and a list can only be complete for the vendors
 * we know today. Our vendors put their credentials in headers (CertCentral's `X-DC-DEVKEY`, DO-API's
 * `Authorization: IIJAPI`, DPF-API's bearer token), which the client span never reads; the request
 * it reads is the one built before the exchange writes them. Path segments (ids, zone names) stay:
 * they name the resource, as the convention asks.
 *
 * https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-client-span (`url.full` note)
 */
export const upstreamUrl = (request: HttpClientRequest.HttpClientRequest): URL | undefined => {
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return undefined
  }
  if (url.username !== "" || url.password !== "") {
    url.username = redacted
    url.password = redacted
  }
  const keys = [...url.searchParams.keys(), ...request.urlParams.params.map(([key]) => key)]
  url.search = ""
  for (const key of keys) url.searchParams.append(key, redacted)
  url.hash = ""
  return url
}

const defaultPorts: Readonly<Record<string, number>> = { "http:": 80, "https:": 443 }

/**
 * The attributes an HTTP client span carries from its start (the conventions ask for them at
 * creation, for sampling): `http.request.method`, `server.address`, `server.port`, `url.full`.
 */
export const clientSpanAttributes = (
  request: HttpClientRequest.HttpClientRequest
): Record<string, string | number> => {
  const url = upstreamUrl(request)
  if (url === undefined) return { "http.request.method": knownMethod(request.method) }
  const port = url.port !== "" ? Number(url.port) : defaultPorts[url.protocol]
  return {
    "http.request.method": knownMethod(request.method),
    "server.address": url.hostname,
    ...(port !== undefined ? { "server.port": port } : {}),
    "url.full": url.href
  }
}

// RFC 9110's methods and PATCH; anything else is `_OTHER`, as the conventions require.
const knownMethods = new Set(["CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"])

/** `http.request.method`: the method when known (case-sensitive), else `_OTHER`. */
export const knownMethod = (method: unknown): string =>
  typeof method === "string" && knownMethods.has(method) ? method : "_OTHER"
