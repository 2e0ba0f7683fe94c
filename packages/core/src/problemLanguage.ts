import { negotiateLanguage, type Text } from "./Locale.js"
import {
  coreText,
  isCoreLocale,
  type ProblemTextCode,
  compileMessages,
  type Words
} from "./ProblemMessages.js"
import type { ProblemOptions } from "./toProblem.js"

/** The language a problem is written in, the words to write it with, and its language headers. */
export interface ProblemLanguage {
  readonly language: string
  readonly words: Words
  /** `content-language`, plus `vary: accept-language` when the language was negotiated. */
  readonly headers: Readonly<Record<string, string>>
}

/**
 * Resolves the language of a problem: the fixed or chosen `locale` when it is one on offer, else the
 * best match for `Accept-Language` among ours and the app's added languages (then the answer varies
 * by that header, and says so).
 */
export const problemLanguage = (options: ProblemOptions): ProblemLanguage => {
  const words = compileMessages(options.messages)
  const fixed = options.locale
  if (fixed !== undefined && words.languages.includes(fixed)) {
    return {
      language: fixed,
      words,
      headers: options.varyByLanguage
        ? { "content-language": fixed, vary: "Accept-Language" }
        : { "content-language": fixed }
    }
  }
  const language = negotiateLanguage(options.acceptLanguage, words.languages)
  return { language, words, headers: { "content-language": language, vary: "Accept-Language" } }
}

/** Our text for a code in the language: the app's when it gave some, else `ours` (core's own). */
export const textFor = (resolved: ProblemLanguage, code: ProblemTextCode, ours?: Text): Text => {
  const own = resolved.words.own(resolved.language, code)
  if (own !== undefined) return own
  if (isCoreLocale(resolved.language)) return ours ?? coreText(resolved.language, code)
  // Unreachable for a checked `messages`: an added language gives every code.
  return coreText("en", code)
}
