/**
 * The time of `subject` over the time of `reference`, each the median of several batches (a batch runs
 * enough calls to last a few milliseconds), so one scheduling hiccup on a shared machine cannot make a
 * ratio: a robust relative measure, never an absolute time.
 */
export const measureRatio = (subject: () => unknown, reference: () => unknown, batches = 9): number => {
  const per = (f: () => unknown): number => {
    // Calibrate: how many calls make a batch of at least ~3 ms.
    let calls = 1
    for (;;) {
      const t = timed(f, calls)
      if (t >= 3 || calls >= 1 << 16) break
      calls *= 2
    }
    const samples: Array<number> = []
    for (let b = 0; b < batches; b++) samples.push(timed(f, calls) / calls)
    samples.sort((x, y) => x - y)
    return samples[Math.floor(samples.length / 2)] ?? Number.NaN
  }
  // Interleaved warm-up, so neither side is measured cold.
  subject()
  reference()
  const s = per(subject)
  const r = per(reference)
  return Math.round((s / r) * 100) / 100
}

const timed = (f: () => unknown, calls: number): number => {
  const start = process.hrtime.bigint()
  for (let i = 0; i < calls; i++) f()
  return Number(process.hrtime.bigint() - start) / 1e6
}
