import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    // One fast-check seed for the workspace (scripts/fastCheckSeed.ts): deterministic properties.
    setupFiles: ["../../scripts/fastCheckSeed.ts"],
    include: ["test/**/*.test.ts"],
    // A hang guard, not a speed check: CI runs every package's suite at once on two cores, where
    // the property tests that go over loopback HTTP can take several times their usual time.
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
