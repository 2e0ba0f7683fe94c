/**
 * Resolves `path` below `base`, or `undefined` when the result would leave it: another origin
 * (`//host/...`, `https://elsewhere/...`), a path that climbs out of the base path (`../`), or
 * anything `URL` cannot parse. The key is only ever sent to what this returns.
 */
export const resolvePath = (base: URL, path: unknown): URL | undefined => {
  if (typeof path !== "string") return undefined
  let url: URL
  try {
    url = new URL(path, base)
  } catch {
    return undefined
  }
  if (url.origin !== base.origin || url.username !== "" || url.password !== "") return undefined
  if (!url.pathname.startsWith(base.pathname)) return undefined
  return url
}
