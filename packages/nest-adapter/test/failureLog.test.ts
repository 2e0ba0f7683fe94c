import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { FailureLog } from "../src/failureLog.js"
import { RecordingLogger } from "./app.js"

// The batch's wait runs on vitest's fake clock: advanced by hand, never waited for.
beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe("FailureLog: the default lines, written after the answers", () => {
  it("writes the lines of 10 ms in one call per level, in the order answered", () => {
    const logger = new RecordingLogger()
    const log = new FailureLog(logger)
    log.add("warn", "upstream failure a")
    log.add("error", "upstream failure b")
    log.add("warn", "upstream failure c")
    // Nothing is written while the answers are being sent, nor before the batch's time.
    expect(logger.entries).toEqual([])
    vi.advanceTimersByTime(9)
    expect(logger.entries).toEqual([])
    vi.advanceTimersByTime(1)
    expect(logger.entries.map((e) => [e.level, e.message])).toEqual([
      ["warn", "upstream failure a\nupstream failure c"],
      ["error", "upstream failure b"]
    ])
    log.add("warn", "upstream failure d")
    vi.advanceTimersByTime(10)
    expect(logger.entries.at(-1)).toMatchObject({ level: "warn", message: "upstream failure d" })
    expect(logger.entries).toHaveLength(3)
  })

  it("writes a batch of 100 lines at once, without waiting", () => {
    const logger = new RecordingLogger()
    const log = new FailureLog(logger)
    for (let i = 0; i < 100; i++) log.add("error", `upstream failure ${i}`)
    expect(logger.entries).toHaveLength(1)
    expect(String(logger.entries[0]?.message).split("\n")).toHaveLength(100)
    log.add("error", "upstream failure 100")
    expect(logger.entries).toHaveLength(1)
    vi.advanceTimersByTime(10)
    expect(logger.entries.map((e) => e.message)).toEqual([logger.entries[0]?.message, "upstream failure 100"])
  })

  it("flush writes what is pending at once, and only once", () => {
    const logger = new RecordingLogger()
    const log = new FailureLog(logger)
    log.flush()
    expect(logger.entries).toEqual([])
    log.add("error", "upstream failure a")
    log.flush()
    expect(logger.entries.map((e) => e.message)).toEqual(["upstream failure a"])
    vi.advanceTimersByTime(10)
    expect(logger.entries).toHaveLength(1)
  })

  it("survives a logger that throws: its lines are lost, the other level is written", () => {
    const logger = new RecordingLogger()
    const log = new FailureLog({
      warn: () => {
        throw new Error("logger down")
      },
      error: (message: unknown) => logger.error(message)
    })
    log.add("warn", "upstream failure a")
    log.add("error", "upstream failure b")
    expect(() => log.flush()).not.toThrow()
    expect(logger.entries.map((e) => e.message)).toEqual(["upstream failure b"])
  })
})
