/** DO-API's API version: the first segment after `/r/`. */
export const apiVersion = "20140601"

/**
 * Percent-encodes one path segment as DO-API expects it on the wire and in the string to sign:
 * every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`) becomes `%XX` (UTF-8,
 * upper-case hex). The signature covers the encoded path exactly as sent, so the client and the
 * signer must agree on one encoding; this is it. `undefined` for segments no URL can carry
 * unchanged: empty, `.`, `..` (URL parsers collapse them) and lone surrogates.
 */
export const encodeSegment = (segment: string): string | undefined => {
  if (segment === "" || segment === "." || segment === "..") return undefined
  try {
    return encodeURIComponent(segment).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
    )
  } catch {
    return undefined
  }
}

/**
 * The encoded path `/r/20140601/<serviceCode>/<segments...>` whose last segment gets `.json`;
 * `undefined` when a segment cannot be encoded.
 */
export const apiPath = (serviceCode: string, segments: ReadonlyArray<string>): string | undefined => {
  const parts = [serviceCode, ...segments]
  const encoded: Array<string> = []
  for (const [i, part] of parts.entries()) {
    const segment = encodeSegment(part)
    if (segment === undefined) return undefined
    encoded.push(i === parts.length - 1 ? `${segment}.json` : segment)
  }
  return `/r/${apiVersion}/${encoded.join("/")}`
}
