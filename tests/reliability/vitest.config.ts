import swc from "unplugin-swc"
import { defineConfig } from "vitest/config"

const long = process.env.RELIABILITY_MODE === "long"

export default defineConfig({
  // esbuild drops decorator metadata, which Nest's dependency injection reads.
  plugins: [swc.vite({ module: { type: "es6" } })],
  test: {
    // One fast-check seed for the workspace (scripts/fastCheckSeed.ts): deterministic properties.
    setupFiles: ["../../scripts/fastCheckSeed.ts"],
    include: ["test/**/*.test.ts"],
    // Hang guards, not speed checks: the machine is shared, and the long mode runs 100k inputs.
    testTimeout: long ? 1_800_000 : 120_000,
    hookTimeout: 120_000,
    // One file at a time: load and the timing ratios must not compete with the other files.
    fileParallelism: false
  }
})
