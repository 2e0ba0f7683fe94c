import type { Category } from "./Category.js"
import type { Locale, LocalizedText } from "./Locale.js"

/**
 * Core's message catalogue: what a caller reads for each category. Our own words only; the
 * misconfigured text is the upstream-error text on purpose (the caller must not learn that our
 * credentials or signing were at fault).
 */
export const categoryText: { readonly [C in Category]: LocalizedText } = {
  "invalid-input": {
    en: { title: "Invalid input", detail: "The upstream service rejected the data in this request." },
    ja: {
      title: "入力内容が正しくありません",
      detail: "連携先のサービスがこのリクエストのデータを受け付けませんでした。"
    }
  },
  "not-found": {
    en: { title: "Not found", detail: "The requested resource does not exist at the upstream service." },
    ja: { title: "見つかりません", detail: "指定されたリソースは連携先のサービスに存在しません。" }
  },
  conflict: {
    en: {
      title: "Conflict",
      detail: "The resource is in a state that does not allow this operation yet. Try again later."
    },
    ja: {
      title: "競合しています",
      detail: "リソースの現在の状態では、この操作はまだ実行できません。しばらくしてから再度お試しください。"
    }
  },
  rejected: {
    en: {
      title: "Request not allowed",
      detail: "The upstream service does not allow this request for this account."
    },
    ja: {
      title: "許可されていないリクエストです",
      detail: "連携先のサービスはこのアカウントでのこのリクエストを許可していません。"
    }
  },
  throttled: {
    en: {
      title: "Upstream rate limit reached",
      detail: "Too many requests were sent to an upstream service. Try again later."
    },
    ja: {
      title: "連携先のリクエスト制限に達しました",
      detail: "連携先のサービスへのリクエストが多すぎます。しばらくしてから再度お試しください。"
    }
  },
  unavailable: {
    en: {
      title: "Upstream service unavailable",
      detail: "An upstream service is temporarily unavailable. Try again later."
    },
    ja: {
      title: "連携先のサービスを利用できません",
      detail: "連携先のサービスが一時的に利用できません。しばらくしてから再度お試しください。"
    }
  },
  timeout: {
    en: { title: "Upstream timeout", detail: "An upstream service did not answer in time." },
    ja: {
      title: "連携先がタイムアウトしました",
      detail: "連携先のサービスから時間内に応答がありませんでした。"
    }
  },
  "upstream-error": {
    en: { title: "Upstream error", detail: "An upstream service failed to complete the request." },
    ja: {
      title: "連携先でエラーが発生しました",
      detail: "連携先のサービスでリクエストを完了できませんでした。"
    }
  },
  misconfigured: {
    en: { title: "Upstream error", detail: "An upstream service failed to complete the request." },
    ja: {
      title: "連携先でエラーが発生しました",
      detail: "連携先のサービスでリクエストを完了できませんでした。"
    }
  }
}

/** The text of a problem that is not an upstream failure at all. */
export const internalErrorText: LocalizedText = {
  en: { title: "Internal server error", detail: "The request could not be completed." },
  ja: { title: "サーバー内部エラー", detail: "リクエストを完了できませんでした。" }
}

/** The text of an app's own 4xx problem (`problem()`) given without a title. */
export const requestErrorText: LocalizedText = {
  en: { title: "Request not accepted", detail: "The request could not be accepted." },
  ja: { title: "リクエストを受け付けられません", detail: "このリクエストは受け付けられませんでした。" }
}

// Field-level text for the issue codes every vendor shares; `{param}` is the field's name.
const issueText: { readonly [code: string]: { readonly [L in Locale]: string } } = {
  invalid_value: { en: "The value of {param} is not valid.", ja: "{param} の値が正しくありません。" },
  invalid_chars: {
    en: "{param} contains characters that are not allowed.",
    ja: "{param} に使用できない文字が含まれています。"
  },
  required_param: { en: "{param} is required.", ja: "{param} は必須です。" },
  too_long: { en: "{param} is too long.", ja: "{param} が長すぎます。" }
}

const fallbackIssue = { en: "This value was rejected.", ja: "この値は受け付けられませんでした。" }

/**
 * Our text for one rejected field: the vendor's own wording when given, else core's by code, else
 * `fallback` (the app's `field` sentence) or core's generic sentence.
 */
export const issueDetail = (
  code: string,
  param: string | undefined,
  locale: Locale,
  text?: LocalizedText,
  fallback?: string
): string => {
  if (text) return text[locale].detail
  const template = Object.hasOwn(issueText, code) ? issueText[code] : undefined
  if (!template || param === undefined) return fallback ?? fallbackIssue[locale]
  return template[locale].replace("{param}", param)
}
