// Writes docs/errors.md from the built catalogue (run `pnpm --filter @faultline/dpf docs`).
import { writeFileSync } from "node:fs"
import { dpfReferenceMarkdown } from "../dist/index.js"

const target = new URL("../docs/errors.md", import.meta.url)
writeFileSync(target, dpfReferenceMarkdown())
console.log(`wrote ${target.pathname}`)
