import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts", "src/vendor.ts", "src/adapter.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  treeshake: true
})
