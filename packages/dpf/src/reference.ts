import { referenceMarkdown as render } from "@faultline/core/vendor"
import { catalogue } from "./catalogue.js"

/** The generated `docs/errors.md`: one row per reason class, from the catalogue by core's renderer. */
export const referenceMarkdown = (): string =>
  render(catalogue, {
    title: "DPF-API error reference",
    generator: "`pnpm --filter @faultline/dpf docs`",
    intro: [
      "Every reason `decodeError` can return, and the client's own. *Upstream* is the HTTP status IIJ's OpenAPI document gives; *downstream* is the default status of `toProblem` for the category. A ParameterError is read by its `error_details` `{code, attribute}`: an instance's code is `ParameterError:<code>:<attribute>`, and only documented pairs reach the caller (as issues of invalid-input reasons). An error status without a DPF body (a proxy's page) is `Unrecognized` with the code `http_<n>`. Misconfigured reasons reach the caller as a generic 502."
    ]
  })
