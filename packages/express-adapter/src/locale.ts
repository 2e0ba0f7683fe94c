import type { Locale } from "@faultline/core"
import type { Request } from "express"
import type { UpstreamErrorHandlerOptions } from "./options.js"

/** The locale the app chose for this request, or `undefined` to let `toProblem` negotiate it. */
export const localeOf = (req: Request, option: UpstreamErrorHandlerOptions["locale"]): Locale | undefined =>
  typeof option === "function" ? option(req) : option
