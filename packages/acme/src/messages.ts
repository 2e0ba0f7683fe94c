import type { LocalizedText } from "../../core/src/Locale.js"

// Our own words for the acme reasons that have them; the others show their category's text.
export const messages = {
  BadField: {
    en: { title: "BadField title", detail: "BadField detail" },
    ja: { title: "BadField 題名", detail: "BadField 詳細" }
  },
  BadKey: {
    en: { title: "BadKey title", detail: "BadKey detail" },
    ja: { title: "BadKey 題名", detail: "BadKey 詳細" }
  },
  CreateOutcomeUnknown: {
    en: { title: "Widget pending confirmation", detail: "Acme did not confirm whether the widget was made." },
    ja: {
      title: "ウィジェットを確認中です",
      detail: "ウィジェットが作成されたかどうか確認できませんでした。"
    }
  }
} satisfies Record<string, LocalizedText>
