import * as Tracer from "effect/Tracer"

/** A tracer that keeps every span it makes, for tests to read. */
export const recordingTracer = (): {
  readonly spans: Array<Tracer.NativeSpan>
  readonly tracer: Tracer.Tracer
} => {
  const spans: Array<Tracer.NativeSpan> = []
  const tracer = Tracer.make({
    span(options) {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  return { spans, tracer }
}
