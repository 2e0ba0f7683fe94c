import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    // One fast-check seed for the workspace (scripts/fastCheckSeed.ts): deterministic properties.
    setupFiles: ["../../scripts/fastCheckSeed.ts"],
    include: ["test/**/*.test.ts"],
    // A hang guard, not a speed check: CI runs every package's suite at once on two cores, and these
    // tests go over loopback HTTP (one streams a 200 MiB body).
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
