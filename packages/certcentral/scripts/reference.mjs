// Writes docs/errors.md from the built package, so the reference is generated, never hand-edited.
import { writeFileSync } from "node:fs"
import { certCentralReferenceMarkdown } from "../dist/index.js"

const target = new URL("../docs/errors.md", import.meta.url)
writeFileSync(target, certCentralReferenceMarkdown())
console.log(`wrote ${target.pathname}`)
