import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { catalogue, errorReference } from "../src/index.js"

describe("docs/errors.md", () => {
  it("is the generated reference, so it cannot drift from the catalogue", () => {
    const committed = readFileSync(new URL("../docs/errors.md", import.meta.url), "utf8")
    expect(committed).toBe(errorReference())
  })

  it("has one row per reason class", () => {
    const table = errorReference()
    for (const klass of catalogue) expect(table).toContain(`| \`${klass.tag}\` |`)
  })
})
