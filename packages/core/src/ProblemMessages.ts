import { type ProblemCode, problemCode, categories } from "./Category.js"
import { type Locale, locales, type Text } from "./Locale.js"
import { categoryText, internalErrorText, requestErrorText } from "./messages.js"

/**
 * The codes our words are keyed by: every upstream problem code, `internal_error` (the generic 500)
 * and `request_error` (an app's own 4xx given to `problem()` without a title).
 */
export type ProblemTextCode = ProblemCode | "internal_error" | "request_error"

/** The words of one language: a title and detail per code, and the sentence for a rejected field. */
export type LanguageMessages = {
  readonly [C in ProblemTextCode]?: Text
} & {
  /** Shown as `errors[].detail` when no better text is known for a field. */
  readonly field?: string
}

/**
 * The `messages` option: per language tag (`en`, `ja`, `fr`, `pt-br`; lower case), our words replaced
 * or a language added. For `en` and `ja`, any subset replaces ours (the app's words then win over the
 * vendors' per-code text too). A new language must give every code and `field`; it is checked when
 * the adapter or module is built.
 */
export type ProblemMessages = { readonly [language: string]: LanguageMessages }

/** The full set of codes a new language must give. */
export const problemTextCodes: ReadonlyArray<ProblemTextCode> = [
  ...new Set(categories.map(problemCode)),
  "internal_error",
  "request_error"
]

const languageTag = /^[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}$/
const maxText = 1000

/** The compiled words: the languages on offer (ours first) and the app's text where it gave some. */
export interface Words {
  readonly languages: ReadonlyArray<string>
  /** The app's text for a code in a language, when it gave one. */
  readonly own: (language: string, code: ProblemTextCode) => Text | undefined
  /** The app's field sentence for a language, when it gave one. */
  readonly field: (language: string) => string | undefined
}

const ours: Words = { languages: locales, own: () => undefined, field: () => undefined }

const isText = (u: unknown): u is Text => {
  if (typeof u !== "object" || u === null) return false
  const { title, detail } = u as Partial<Record<string, unknown>>
  const ok = (s: unknown) => typeof s === "string" && s.trim() !== "" && s.length <= maxText
  return ok(title) && ok(detail)
}

const check = (messages: unknown): Words => {
  if (typeof messages !== "object" || messages === null || Array.isArray(messages)) {
    throw new TypeError("faultline: messages must be an object keyed by language tag")
  }
  const table = messages as Record<string, unknown>
  for (const [language, words] of Object.entries(table)) {
    if (!languageTag.test(language)) {
      throw new TypeError(
        `faultline: messages has a bad language tag ${JSON.stringify(language)} (use e.g. "fr", "pt-br")`
      )
    }
    if (typeof words !== "object" || words === null) {
      throw new TypeError(`faultline: messages.${language} must be an object of { title, detail } per code`)
    }
    const entry = words as Record<string, unknown>
    for (const [key, value] of Object.entries(entry)) {
      if (key === "field") {
        if (typeof value !== "string" || value.trim() === "" || value.length > maxText) {
          throw new TypeError(`faultline: messages.${language}.field must be a non-empty string`)
        }
      } else if (!(problemTextCodes as ReadonlyArray<string>).includes(key)) {
        throw new TypeError(
          `faultline: messages.${language} has an unknown code ${JSON.stringify(key)}; codes: ${problemTextCodes.join(", ")}`
        )
      } else if (!isText(value)) {
        throw new TypeError(
          `faultline: messages.${language}.${key} must be { title, detail } (non-empty strings)`
        )
      }
    }
    if (!(locales as ReadonlyArray<string>).includes(language)) {
      const missing = [...problemTextCodes, "field"].filter((code) => entry[code] === undefined)
      if (missing.length > 0) {
        throw new TypeError(
          `faultline: messages.${language} adds a language, so it must give text for every code; missing: ${missing.join(", ")}`
        )
      }
    }
  }
  const languages = [
    ...locales,
    ...Object.keys(table).filter((l) => !(locales as ReadonlyArray<string>).includes(l))
  ]
  return {
    languages,
    own: (language, code) => (table[language] as LanguageMessages | undefined)?.[code],
    field: (language) => (table[language] as LanguageMessages | undefined)?.field
  }
}

const compiled = new WeakMap<object, Words>()

/**
 * Checks the `messages` option and compiles it (once per object): throws a `TypeError` naming the
 * language and the codes it lacks. `undefined` gives our own words.
 */
export const compileMessages = (messages: ProblemMessages | undefined): Words => {
  if (messages === undefined) return ours
  const known = typeof messages === "object" && messages !== null ? compiled.get(messages) : undefined
  if (known !== undefined) return known
  const words = check(messages)
  compiled.set(messages, words)
  return words
}

/** Core's own text for a code in one of its locales. */
export const coreText = (locale: Locale, code: ProblemTextCode): Text => {
  if (code === "internal_error") return internalErrorText[locale]
  if (code === "request_error") return requestErrorText[locale]
  const category = categories.find((c) => problemCode(c) === code) ?? "upstream-error"
  return categoryText[category][locale]
}

/** Whether a language is one core writes itself. */
export const isCoreLocale = (language: string): language is Locale =>
  (locales as ReadonlyArray<string>).includes(language)
