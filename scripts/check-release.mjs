// Every release-path check, in the order CI runs them (after `pnpm test`): one pack shared by all.
import { main, pack, run, step } from "./lib.mjs"

const checks = ["check-packages", "check-changesets", "check-publish", "check-consumers", "check-readmes"]

main("check-release", async () => {
  await pack()
  for (const check of checks) {
    await step(check, () =>
      run("node", [`scripts/${check}.mjs`], {
        env: { FAULTLINE_PACKED: "1" },
        echo: true,
        timeoutMs: 1_200_000
      })
    )
  }
})
