import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { catalogue } from "../src/catalogue.js"
import { referenceMarkdown } from "../src/reference.js"

describe("docs/errors.md", () => {
  it("is the generated reference, so it cannot drift from the catalogue", () => {
    const committed = readFileSync(new URL("../docs/errors.md", import.meta.url), "utf8")
    expect(committed).toBe(referenceMarkdown())
  })

  it("has one row per reason class, in core's columns", () => {
    const table = referenceMarkdown()
    for (const klass of catalogue) expect(table).toContain(`\n| ${klass.tag} | `)
  })
})
