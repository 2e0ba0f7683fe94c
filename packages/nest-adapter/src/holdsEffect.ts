import * as Effect from "effect/Effect"

// Deep enough for an envelope around what a controller returned (`{ data: [effect] }`), bounded so a
// large body costs little: the check runs on every value the global interceptor passes on.
const maxDepth = 2
const maxValues = 1000

const isPlainContainer = (u: unknown): u is object => {
  if (typeof u !== "object" || u === null) return false
  if (Array.isArray(u)) return true
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

// The values left to look at are counted down in `budget.left`. A module-level function, not a
// closure per call: this runs on every request.
const search = (u: unknown, depth: number, budget: { left: number }): boolean => {
  if (Effect.isEffect(u)) return true
  if (depth >= maxDepth || !isPlainContainer(u)) return false
  for (const inner of Object.values(u)) {
    if (--budget.left < 0) return false
    if (search(inner, depth + 1, budget)) return true
  }
  return false
}

/**
 * Whether a value about to be sent as a body is, or holds in plain objects and arrays up to two
 * levels down, an Effect (an `Exit` is one too). That is what another interceptor leaves when it maps
 * a controller's Effect before `EffectInterceptor` could run it (`map((data) => ({ data }))`): sent
 * as JSON it would show the failure's internal facts with a 200. Never throws.
 */
export const holdsEffect = (value: unknown): boolean => {
  try {
    // Neither an Effect nor a container: the common answer, with nothing to count.
    if (!isPlainContainer(value)) return Effect.isEffect(value)
    return search(value, 0, { left: maxValues })
  } catch {
    // A throwing getter or proxy trap: the body could not be serialised either.
    return true
  }
}
