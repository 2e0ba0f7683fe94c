import type { RequestHeaders } from "./answerFailure.js"
import { negotiateLanguage } from "./Locale.js"
import { compileMessages } from "./ProblemMessages.js"
import type { ProblemLanguage } from "./problemLanguage.js"
import type { ResponseOptions } from "./ResponseOptions.js"

/**
 * What an adapter's options fix for every request, worked out once per options object: the
 * languages on offer and the language headers of each (shared, never written to), and the answers
 * of `Accept-Language` values already negotiated.
 */
export interface AnswerPlan<Req> {
  /** The problem's language for a request, by the rules of `resolveRequest` and `problemLanguage`. */
  readonly language: (request: Req) => ProblemLanguage
}

// Browsers send a handful of distinct values; a long or rare one is negotiated each time.
const maxRemembered = 64
const maxRememberedLength = 256

const makePlan = <Req extends RequestHeaders>(options: ResponseOptions<Req>): AnswerPlan<Req> => {
  const words = compileMessages(options.messages)
  const languages = words.languages
  const fixed = new Map<string, ProblemLanguage>()
  // The language headers of a problem: `Vary` whenever the answer may differ by Accept-Language.
  const inLanguage = (language: string, vary: boolean): ProblemLanguage => {
    const key = vary ? `${language}|vary` : language
    let resolved = fixed.get(key)
    if (resolved === undefined) {
      const headers = vary
        ? { "content-language": language, vary: "Accept-Language" }
        : { "content-language": language }
      resolved = { language, words, headers }
      fixed.set(key, resolved)
    }
    return resolved
  }
  const negotiated = new Map<string, ProblemLanguage>()
  const fromHeader = (accept: string | ReadonlyArray<string> | undefined): ProblemLanguage => {
    if (typeof accept !== "string" || accept.length > maxRememberedLength) {
      return inLanguage(negotiateLanguage(accept, languages), true)
    }
    let resolved = negotiated.get(accept)
    if (resolved === undefined) {
      resolved = inLanguage(negotiateLanguage(accept, languages), true)
      if (negotiated.size >= maxRemembered) negotiated.clear()
      negotiated.set(accept, resolved)
    }
    return resolved
  }
  return {
    language: (request) => {
      const locale = options.locale
      if (typeof locale === "function") {
        let chosen: unknown
        try {
          chosen = locale(request)
        } catch {
          // The app's choice threw: no choice, so the header decides.
        }
        // A per-request choice may have read Accept-Language: caches must keep the answers apart.
        if (typeof chosen === "string" && languages.includes(chosen)) return inLanguage(chosen, true)
      } else if (locale !== undefined && languages.includes(locale)) {
        return inLanguage(locale, false)
      }
      return fromHeader(request.headers?.["accept-language"])
    }
  }
}

const plans = new WeakMap<object, AnswerPlan<any>>()

/**
 * The plan of an options object, made on its first answer and kept while the options live. Options
 * are read as they are then: an adapter's options are fixed when it is built.
 */
export const answerPlan = <Req extends RequestHeaders>(options: ResponseOptions<Req>): AnswerPlan<Req> => {
  let plan = plans.get(options)
  if (plan === undefined) {
    plan = makePlan(options)
    plans.set(options, plan)
  }
  return plan
}
