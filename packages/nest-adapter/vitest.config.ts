import swc from "unplugin-swc"
import { defineConfig } from "vitest/config"

export default defineConfig({
  // esbuild drops decorator metadata, which Nest's dependency injection reads.
  plugins: [swc.vite({ module: { type: "es6" } })],
  test: {
    include: ["test/**/*.test.ts"]
  }
})
