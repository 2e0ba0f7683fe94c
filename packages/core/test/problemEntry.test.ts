// `@faultline/core/problem` is for frontends: types only, so importing it loads nothing and needs no
// `effect`. The entry and the file it re-exports must import nothing at run time.
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

const source = (file: string) => readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8")

describe("the problem entry", () => {
  it("holds types only and imports no module", () => {
    const entry = source("problemTypes.ts")
    expect(entry).toMatch(/^export type \{/m)
    expect(entry).not.toMatch(/^export (const|function|class|\{)/m)
    expect(source("problemDocument.ts")).not.toMatch(/^\s*import\s/m)
    expect(entry.match(/from "([^"]+)"/g)).toEqual(['from "./problemDocument.js"'])
  })

  it("ships its JSON Schema beside the code", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    expect(manifest.exports["./problem"]).toEqual({
      types: "./dist/problem.d.ts",
      default: "./dist/problem.js"
    })
    expect(manifest.exports["./problem.schema.json"]).toBe("./problem.schema.json")
    expect(manifest.files).toContain("problem.schema.json")
    const schema = JSON.parse(readFileSync(new URL("../problem.schema.json", import.meta.url), "utf8"))
    expect(schema.required).toEqual(["type", "title", "status", "detail", "code"])
  })
})
