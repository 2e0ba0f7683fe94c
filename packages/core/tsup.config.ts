import { defineConfig } from "tsup"

export default defineConfig({
  // `vendor/decode`: the decoding part of the vendor SPI alone, for the vendors' decoder-only entries.
  entry: {
    index: "src/index.ts",
    vendor: "src/vendor.ts",
    "vendor/decode": "src/vendorDecode.ts",
    adapter: "src/adapter.ts"
  },
  format: ["esm"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  treeshake: true
})
