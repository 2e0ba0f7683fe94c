import { referenceMarkdown as render } from "@faultline/core/vendor"
import { catalogue } from "./catalogue.js"

/** The generated `docs/errors.md`: one row per reason class, from the catalogue by core's renderer. */
export const referenceMarkdown = (): string =>
  render(catalogue, {
    title: "DO-API error reference",
    generator: "`pnpm --filter @faultline/do-api docs`",
    intro: [
      "Every reason `decodeError` can return. *Upstream* is the HTTP status IIJ documents; *downstream* is the default status of `toProblem` for the category. Status-only errors carry no ErrorType: their code is `http_<n>`. An `ErrorResponse` body is an error at any status, 200 included. Misconfigured reasons reach the caller as a generic 502."
    ]
  })
