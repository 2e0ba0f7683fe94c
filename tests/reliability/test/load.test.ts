import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { report, sized } from "./mode.js"

// Load: bursts of concurrent failing requests through an Express app using the DO-API client against
// the simulator, in a child process run with --expose-gc (see load/child.mjs). Every
// X-Upstream-Request-Id must be its own call's, nothing may reject unhandled, and the heap after GC
// must come back near the baseline. No timing is asserted.

const run = promisify(execFile)
const child = fileURLToPath(new URL("./load/child.mjs", import.meta.url))

interface Figures {
  readonly bursts: number
  readonly concurrency: number
  readonly elapsedMs: number
  readonly baselineHeapMiB: number
  readonly afterHeapMiB: number
  readonly unhandled: number
  readonly rounds: ReadonlyArray<{
    readonly mismatched: number
    readonly missing: number
    readonly statuses: Readonly<Record<string, number>>
  }>
}

/** How far the heap after GC may stay above the baseline (retained per request would be far more). */
const heapSlackMiB = 24

describe("load", () => {
  const [bursts, concurrency] = sized([2, 250], [5, 1_000])
  it(`${bursts} bursts of ${concurrency} concurrent failing requests: own request ids, no leak`, async () => {
    const { stdout } = await run(
      process.execPath,
      ["--expose-gc", child, String(bursts), String(concurrency)],
      {
        timeout: 600_000,
        maxBuffer: 1 << 20
      }
    )
    const figures = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Figures
    report("load", { ...figures })
    expect(figures.unhandled).toBe(0)
    expect(figures.rounds).toHaveLength(bursts)
    for (const round of figures.rounds) {
      expect(round.mismatched).toBe(0)
      expect(round.missing).toBe(0)
      // ResourceNotExist for every unknown zone: the caller's 404, each with its own RequestId.
      expect(round.statuses).toEqual({ "404": concurrency })
    }
    expect(figures.afterHeapMiB).toBeLessThan(figures.baselineHeapMiB + heapSlackMiB)
  })
})
