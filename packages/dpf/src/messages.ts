import { localizedText } from "@faultline/core/vendor/decode"

// Our own words for the DPF-API reasons, in English and Japanese: what `toProblem` shows the caller
// (never IIJ's error_message). Reasons without words here show their category's.

export const messages = {
  ResourceNotFound: localizedText(
    ["DNS resource not found", "The zone, record or job does not exist."],
    ["DNS リソースが見つかりません", "指定されたゾーン、レコードまたはジョブは存在しません。"]
  ),
  DuplicatedRecord: localizedText(
    ["Record already exists", "A record of this name and type already exists."],
    ["レコードは既に存在します", "同じ名前と種別のレコードが既に存在します。"]
  ),
  RecordRejected: localizedText(
    ["Invalid DNS record", "The DNS platform rejected the record's name, data or labels."],
    [
      "DNS レコードが正しくありません",
      "DNS プラットフォームがレコードの名前、データまたはラベルを受け付けませんでした。"
    ]
  ),
  RequestBlocked: localizedText(
    ["Request blocked", "The DNS platform's security controls blocked the request."],
    ["リクエストが遮断されました", "DNS プラットフォームのセキュリティ制御によりリクエストが遮断されました。"]
  ),
  JobFailed: localizedText(
    ["DNS change failed", "The DNS platform ended the change abnormally."],
    ["DNS の変更に失敗しました", "DNS プラットフォームで変更が異常終了しました。"]
  ),
  ChangeOutcomeUnknown: localizedText(
    [
      "DNS change pending confirmation",
      "The DNS platform did not confirm whether the change was made. Do not repeat it now: send the same request later."
    ],
    [
      "DNS の変更を確認中です",
      "DNS プラットフォームから変更が反映されたかどうかの確認が取れませんでした。すぐに繰り返さず、しばらくしてから同じリクエストを送信してください。"
    ]
  )
}
