import { describe, expect, it } from "vitest"
import { FailureLog } from "../src/failureLog.js"
import { RecordingLogger } from "./app.js"

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe("FailureLog: the default lines, written after the answers", () => {
  it("writes a turn's lines in one call per level, in the order answered", async () => {
    const logger = new RecordingLogger()
    const log = new FailureLog(logger)
    log.add("warn", "upstream failure a")
    log.add("error", "upstream failure b")
    log.add("warn", "upstream failure c")
    // Nothing is written while the answers are being sent.
    expect(logger.entries).toEqual([])
    await nextTurn()
    expect(logger.entries.map((e) => [e.level, e.message])).toEqual([
      ["warn", "upstream failure a\nupstream failure c"],
      ["error", "upstream failure b"]
    ])
    log.add("warn", "upstream failure d")
    await nextTurn()
    expect(logger.entries.at(-1)).toMatchObject({ level: "warn", message: "upstream failure d" })
    expect(logger.entries).toHaveLength(3)
  })

  it("flush writes what is pending at once, and only once", async () => {
    const logger = new RecordingLogger()
    const log = new FailureLog(logger)
    log.flush()
    expect(logger.entries).toEqual([])
    log.add("error", "upstream failure a")
    log.flush()
    expect(logger.entries.map((e) => e.message)).toEqual(["upstream failure a"])
    await nextTurn()
    expect(logger.entries).toHaveLength(1)
  })

  it("survives a logger that throws: its lines are lost, the other level is written", async () => {
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
