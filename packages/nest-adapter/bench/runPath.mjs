// `node bench/runPath.mjs` (from packages/nest-adapter): the run path of EffectInterceptor alone.
// A/B of the Nest run path: one Observable per Effect, the old way (an AbortController per Effect,
// runPromiseExit with its signal, aborted on teardown) and the new (runFork, observer, interrupt
// only while running). Alternating rounds; median ops/s.
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { Observable, lastValueFrom } from "rxjs"

const runtime = ManagedRuntime.make(Layer.empty)
await runtime.context()

const oldObserve = (effect, signal) =>
  new Observable((subscriber) => {
    const controller = new AbortController()
    const abort = () => controller.abort()
    if (signal.aborted) abort()
    else signal.addEventListener("abort", abort, { once: true })
    runtime
      .runPromiseExit(effect, { signal: controller.signal })
      .then((exit) => {
        if (Exit.isSuccess(exit)) {
          subscriber.next(exit.value)
          subscriber.complete()
        } else if (!signal.aborted) subscriber.error(exit.cause)
      })
      .finally(() => signal.removeEventListener("abort", abort))
    return abort
  })

const newObserve = (effect, signal) =>
  new Observable((subscriber) => {
    if (signal.aborted) return
    const fiber = runtime.runFork(effect)
    const interrupt = () => fiber.interruptUnsafe()
    signal.addEventListener("abort", interrupt, { once: true })
    fiber.addObserver((exit) => {
      signal.removeEventListener("abort", interrupt)
      if (Exit.isSuccess(exit)) {
        subscriber.next(exit.value)
        subscriber.complete()
      } else if (!signal.aborted) subscriber.error(exit.cause)
    })
    return interrupt
  })

// As a controller's Effect: a little async work (one yield to the event loop), then a value.
const effect = Effect.promise(() => Promise.resolve({ ok: true }))
const n = 20000
const round = async (observe) => {
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) {
    const signal = new AbortController().signal // the interceptor's client-disconnect signal, in both
    await lastValueFrom(observe(effect, signal))
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9)
}
const a = []
const b = []
for (let i = 0; i < 9; i++) {
  a.push(await round(oldObserve))
  b.push(await round(newObserve))
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]
console.log(`node ${process.version}; ${n} Effects per round, 9 alternating rounds`)
console.log(
  `old (AbortController per Effect): median ${median(a).toFixed(0)} ops/s  [${a.map((x) => x.toFixed(0)).join(", ")}]`
)
console.log(
  `new (runFork + observer):         median ${median(b).toFixed(0)} ops/s  [${b.map((x) => x.toFixed(0)).join(", ")}]`
)
console.log(`new / old: ${(median(b) / median(a)).toFixed(2)}x`)
await runtime.dispose()
