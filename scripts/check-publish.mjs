// `pnpm publish -r --dry-run`: what a release would publish (every public package, never a private
// example), each packed through its prepack build.
import { main, publicPackages, run, step } from "./lib.mjs"

main("check-publish", async () => {
  const output = await step("pnpm publish -r --dry-run", () =>
    run("pnpm", ["publish", "-r", "--dry-run", "--no-git-checks"])
  )
  const published = [...output.matchAll(/^\+ (@?[^@\s]+)@(\S+)$/gm)].map((m) => m[1])
  const expected = publicPackages().map((p) => p.name)
  const missing = expected.filter((name) => !published.includes(name))
  const extra = published.filter((name) => !expected.includes(name))
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`publish would miss [${missing.join(", ")}] and add [${extra.join(", ")}]\n${output}`)
  }
  console.log(`  (would publish ${published.join(", ")})`)
})
