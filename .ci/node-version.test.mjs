// Run by .ci/run before the suite's second leg, the way the suite runs (`pnpm exec vitest` in a
// package): proves that the vitest worker, and the children tests start (`node` from PATH, or
// `process.execPath`), run the Node the leg put first on PATH, and prints them in the log.
// Vitest globals (`--globals`): this folder has no node_modules to import vitest from.
import { execFileSync } from "node:child_process"

const major = process.env.FAULTLINE_EXPECT_NODE_MAJOR

test("vitest workers and the processes they start run on the leg's Node", () => {
  const fromPath = execFileSync("node", ["--version"], { encoding: "utf8" }).trim()
  const fromExecPath = execFileSync(process.execPath, ["--version"], { encoding: "utf8" }).trim()
  console.log(
    `vitest worker: Node ${process.version} (${process.execPath}); child \`node\` from PATH: ${fromPath}; child process.execPath: ${fromExecPath}`
  )
  expect(major).toMatch(/^\d+$/)
  expect(process.version.startsWith(`v${major}.`)).toBe(true)
  expect(fromPath).toBe(process.version)
  expect(fromExecPath).toBe(process.version)
})
