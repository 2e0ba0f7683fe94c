import { readFileSync, writeFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { catalogue } from "../src/catalogue.js"
import { referenceMarkdown } from "../src/reference.js"

const file = new URL("../docs/errors.md", import.meta.url)

describe("docs/errors.md", () => {
  it("is the generated reference (`pnpm --filter @faultline/acme-vendor docs` writes it)", () => {
    // acme is consumed from source (no build), so the tests are its generator.
    if (process.env.ACME_DOCS === "write") writeFileSync(file, referenceMarkdown())
    expect(readFileSync(file, "utf8")).toBe(referenceMarkdown())
  })

  it("has one row per reason, in core's columns", () => {
    for (const klass of catalogue)
      expect(referenceMarkdown()).toContain(`\n| ${klass.tag} | \`${klass.spec.code}\` |`)
  })
})
