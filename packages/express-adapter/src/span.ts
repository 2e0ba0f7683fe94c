import type { Request } from "express"

/**
 * The span a handler's Effect runs in, named for the route template (never the concrete path: ids
 * in paths would make every request its own span name), so the vendor clients' spans nest under it.
 */
export const handlerSpan = (
  req: Pick<Request, "method" | "baseUrl" | "route">
): { readonly name: string; readonly attributes: Readonly<Record<string, string>> } => {
  const template: unknown = req.route?.path
  const route = typeof template === "string" ? `${req.baseUrl}${template}` : undefined
  return {
    name: route === undefined ? `${req.method} (express)` : `${req.method} ${route}`,
    attributes: { "http.request.method": req.method, ...(route === undefined ? {} : { "http.route": route }) }
  }
}
