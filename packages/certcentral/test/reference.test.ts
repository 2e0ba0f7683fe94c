import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { catalogue } from "../src/catalogue.js"
import { referenceMarkdown } from "../src/reference.js"

describe("docs/errors.md", () => {
  it("is exactly what the generator writes (run `pnpm run docs` after changing the catalogue)", () => {
    const committed = readFileSync(new URL("../docs/errors.md", import.meta.url), "utf8")
    expect(committed).toBe(referenceMarkdown())
  })

  it("has one row per reason, with its note", () => {
    const rows = referenceMarkdown()
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| reason"))
    expect(rows).toHaveLength(catalogue.length)
    expect(rows.find((r) => r.startsWith("| InvalidDnsMethod "))).toContain("state conflict")
    expect(rows.find((r) => r.startsWith("| InvalidValue "))).toContain("`invalid_value:<param>`")
    expect(rows.find((r) => r.startsWith("| InternalNamesNotAllowed "))).toContain("seed 000")
    expect(rows.find((r) => r.startsWith("| NotFound "))).toContain("seed 000")
  })

  it("shows every reason's English and Japanese title and detail", () => {
    const rows = referenceMarkdown()
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| reason"))
    for (const klass of catalogue) {
      const row = rows.find((r) => r.startsWith(`| ${klass.tag} `))
      const text = klass.spec.text
      if (text === undefined) throw new Error(`${klass.tag} has no text`)
      for (const words of [text.en.title, text.en.detail, text.ja.title, text.ja.detail]) {
        expect(row, klass.tag).toContain(words.replace(/\|/g, "\\|"))
      }
    }
  })
})
