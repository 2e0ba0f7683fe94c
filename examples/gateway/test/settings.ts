import { settingsWith } from "../src/settings.js"

/**
 * The gateway's waits made short for the tests: DCV checks 1 ms apart, client backoff of a few ms.
 * Nothing asserts on time; these only keep the suite fast. (A Retry-After an upstream sends is still
 * honoured: the rate-limit scenario waits its one second.)
 */
export const testSettings = settingsWith({
  dcv: { checks: 3, interval: "1 millis" },
  retry: { baseDelay: "1 millis", maxDelay: "5 millis", jitter: false },
  reconcileSettle: "1 millis",
  log: () => {}
})
