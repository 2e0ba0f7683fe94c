// Real CSRs (fresh P-256 keys) come from @faultline/testing, which users' tests use too.
export { makeCsr } from "@faultline/testing"
