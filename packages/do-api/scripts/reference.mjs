// Writes docs/errors.md from the built catalogue (run `pnpm --filter @faultline/do-api docs`).
import { writeFileSync } from "node:fs"
import { doApiReferenceMarkdown } from "../dist/index.js"

const target = new URL("../docs/errors.md", import.meta.url)
writeFileSync(target, doApiReferenceMarkdown())
console.log(`wrote ${target.pathname}`)
