import { defineConfig } from "tsup"

// tsup builds with SWC when the tsconfig asks for decorator metadata (esbuild drops it, and Nest's
// dependency injection reads it).
export default defineConfig({
  entry: ["src/main.ts", "src/demo.ts"],
  format: ["esm"],
  dts: false,
  sourcemap: true,
  clean: true,
  target: "node20"
})
