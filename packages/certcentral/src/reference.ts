import { referenceMarkdown as render } from "@faultline/core/vendor"
import { catalogue } from "./catalogue.js"

/**
 * The reference table of every CertCentral reason as Markdown: what `docs/errors.md` holds. Built
 * from the catalogue by core's renderer, so the docs cannot drift from the code (a test compares them).
 */
export const referenceMarkdown = (): string =>
  render(catalogue, {
    title: "CertCentral errors",
    generator: "scripts/reference.mjs",
    intro: [
      "Every reason `decodeError` can return. *Upstream* is the HTTP status DigiCert documents (or was seen with); *downstream* is the default status of `toProblem` for the category. `http_*` rows stand for responses without a readable error code; `Unrecognized` keeps any unknown code.",
      "Titles and details are what `toProblem` shows the caller (our own words, never DigiCert's message), except for `misconfigured` reasons, which the caller only ever sees as a generic upstream error."
    ]
  })
