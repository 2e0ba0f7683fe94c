// Every vitest run of the workspace loads this first (each package's `setupFiles`): fast-check's
// properties run from one fixed seed, so a run is the same on every machine and a failure found in
// CI is found again locally. `FC_SEED=<integer>` explores another seed; fast-check prints the seed
// and path of any counterexample, which a test may then pin with `{ seed, path }`.
import fc from "fast-check"

const given = process.env.FC_SEED
const seed = given === undefined || given === "" ? 20261202 : Number(given)
if (!Number.isSafeInteger(seed)) throw new TypeError(`FC_SEED must be an integer, got ${given}`)
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed })
