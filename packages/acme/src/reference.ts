import { referenceMarkdown as render } from "../../core/src/vendor.js"
import { catalogue } from "./catalogue.js"

/** `docs/errors.md`: every acme reason, in core's columns. */
export const referenceMarkdown = (): string =>
  render(catalogue, {
    title: "Acme errors",
    generator: "`pnpm --filter @faultline/acme-vendor docs`",
    intro: [
      "The made-up acme vendor's reasons (CONTRACT.md): one per category, the unknown code and the client's own."
    ]
  })
