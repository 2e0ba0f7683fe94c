import { defineConfig } from "tsup"

export default defineConfig({
  // `problem` is the frontend's types-only entry (`@faultline/core/problem`): it bundles no code.
  entry: {
    index: "src/index.ts",
    vendor: "src/vendor.ts",
    adapter: "src/adapter.ts",
    problem: "src/problemTypes.ts"
  },
  format: ["esm"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  treeshake: true
})
