import { defineConfig } from "tsup"

export default defineConfig({
  // `decode`: the decoder-only entry (`@faultline/do-api/decode`); shared modules go to a common chunk,
  // so both entries hold the same classes.
  entry: ["src/index.ts", "src/decode.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  treeshake: true
})
