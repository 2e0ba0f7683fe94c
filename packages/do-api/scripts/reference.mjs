// Writes docs/errors.md from the built catalogue (run `pnpm --filter @faultline/do-api docs`).
import { writeFileSync } from "node:fs"
import { errorReference } from "../dist/index.js"

const target = new URL("../docs/errors.md", import.meta.url)
writeFileSync(target, errorReference())
console.log(`wrote ${target.pathname}`)
