import { defineConfig } from "tsup"

export default defineConfig({
  // `vendor/decode`: the decoding part of the vendor SPI alone, for the vendors' decoder-only entries;
  // `problem` is the frontend's types-only entry (`@faultline/core/problem`): it bundles no code.
  entry: {
    index: "src/index.ts",
    vendor: "src/vendor.ts",
    "vendor/decode": "src/vendorDecode.ts",
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
