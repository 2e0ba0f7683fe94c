// Builds and packs every public package into .release/packs (what `pnpm publish` would upload).
import { main, pack, packsDir } from "./lib.mjs"

main("pack", async () => {
  await pack()
  console.log(`tarballs in ${packsDir}`)
})
