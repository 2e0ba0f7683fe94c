import { type Category, Reason, type ReasonSpec, type RetryPolicy } from "@faultline/core"

// The CertCentral catalogue: one reason class per documented error code (DigiCert's error page) and
// per code seen in real traffic. Titles and details are our own words, never DigiCert's message.

type Words = readonly [title: string, detail: string]

const spec = (
  code: string,
  category: Category,
  retry: RetryPolicy,
  en: Words,
  ja: Words,
  note?: string
): ReasonSpec => ({
  vendor: "certcentral",
  code,
  category,
  retry,
  text: { en: { title: en[0], detail: en[1] }, ja: { title: ja[0], detail: ja[1] } },
  ...(note !== undefined ? { note } : {})
})

/** The name of the rejected request parameter, when CertCentral named a usable one. */
export interface ParamFields {
  readonly param: string | undefined
}

// --- 429 -----------------------------------------------------------------------------------------

export class RequestLimitExceeded extends Reason(
  "RequestLimitExceeded",
  spec(
    "request_limit_exceeded",
    "throttled",
    "safe",
    [
      "Certificate service busy",
      "Too many requests were sent to the certificate service. Try again shortly."
    ],
    [
      "証明書サービスが混雑しています",
      "証明書サービスへのリクエストが多すぎます。しばらくしてから再試行してください。"
    ],
    "Our account's rate limit (100 requests / 5 s, 1000 / 3 min). Without Retry-After the 5 s window applies."
  )
) {}

// --- 404 -----------------------------------------------------------------------------------------

export class NotFound extends Reason(
  "NotFound",
  spec(
    "not_found",
    "not-found",
    "never",
    ["Not found", "The requested certificate resource does not exist."],
    ["見つかりません", "指定された証明書リソースは存在しません。"],
    "DigiCert's page (seed 000) calls it the generic 404 and says to check that the endpoint URL is built correctly; our client builds every URL from fixed templates and checked ids, and a wrong endpoint has its own not_found|route, so the generic code is read as a resource the caller named (an unknown id). A bare 404 without a code is misconfigured (UnexplainedStatus)."
  )
) {}

export class NotFoundOrder extends Reason(
  "NotFoundOrder",
  spec(
    "not_found|order",
    "not-found",
    "never",
    ["Order not found", "No certificate order exists with this id."],
    ["注文が見つかりません", "この ID の証明書注文は存在しません。"]
  )
) {}

export class NotFoundProduct extends Reason(
  "NotFoundProduct",
  spec(
    "not_found|product",
    "not-found",
    "never",
    ["Product not found", "The requested certificate product does not exist."],
    ["製品が見つかりません", "指定された証明書製品は存在しません。"],
    "The product identifier is named by the caller's order, so an unknown one is the caller's not-found."
  )
) {}

export class NotFoundRoute extends Reason(
  "NotFoundRoute",
  spec(
    "not_found|route",
    "misconfigured",
    "never",
    ["Unknown endpoint", "Our client called an endpoint the certificate service does not have."],
    ["不明なエンドポイント", "証明書サービスに存在しないエンドポイントを呼び出しました。"],
    "The endpoint URL is built by our client: our bug, never the caller's."
  )
) {}

// --- 403 -----------------------------------------------------------------------------------------

export class AccessDeniedMissingPermission extends Reason(
  "AccessDeniedMissingPermission",
  spec(
    "access_denied|missing_permission",
    "misconfigured",
    "never",
    ["API key lacks permission", "Our API key is not allowed to perform this request."],
    ["API キーの権限不足", "この API キーにはこのリクエストを実行する権限がありません。"]
  )
) {}

export class AccessDeniedInvalidKey extends Reason(
  "AccessDeniedInvalidKey",
  spec(
    "access_denied|access_denied_invalid_key",
    "misconfigured",
    "never",
    ["API key rejected", "The certificate service rejected our API key."],
    ["API キーが拒否されました", "証明書サービスがこの API キーを受け付けませんでした。"]
  )
) {}

export class AccessDeniedInvalidApprover extends Reason(
  "AccessDeniedInvalidApprover",
  spec(
    "access_denied|invalid_approver",
    "misconfigured",
    "never",
    ["Approver not permitted", "The user acting for our API key may not approve this request."],
    ["承認者の権限がありません", "この API キーのユーザーはこのリクエストを承認できません。"],
    "Every access_denied|* is about our key's user and roles, so it stays misconfigured and hidden from the caller."
  )
) {}

// --- 400: request shape (our client) --------------------------------------------------------------

export class BadRequestFormat extends Reason(
  "BadRequestFormat",
  spec(
    "bad_request_format",
    "misconfigured",
    "never",
    ["Malformed request", "Our client sent a request body the certificate service could not read."],
    ["リクエスト形式の誤り", "証明書サービスが読み取れないリクエスト本文を送信しました。"],
    "The body is serialised by our client, so an unreadable one is our bug, not the caller's input."
  )
) {}

export class MissingRequestData extends Reason(
  "MissingRequestData",
  spec(
    "missing_request_data",
    "misconfigured",
    "never",
    ["Request body missing", "Our client sent a request without the body the certificate service needs."],
    ["リクエスト本文がありません", "必要なリクエスト本文を付けずに送信しました。"],
    "A missing body is a bug in our client, not something the caller can correct."
  )
) {}

// --- 400: parameterised ----------------------------------------------------------------------------

export class InvalidChars extends Reason(
  "InvalidChars",
  spec(
    "invalid_chars",
    "invalid-input",
    "never",
    ["Invalid characters", "A value contains characters that are not allowed."],
    ["使用できない文字", "値に使用できない文字が含まれています。"]
  )
)<ParamFields> {}

export class InvalidValue extends Reason(
  "InvalidValue",
  spec(
    "invalid_value",
    "invalid-input",
    "never",
    ["Invalid value", "A value in the request is not valid."],
    ["無効な値", "リクエストの値が正しくありません。"]
  )
)<ParamFields> {}

export class RequiredParam extends Reason(
  "RequiredParam",
  spec(
    "required_param",
    "invalid-input",
    "never",
    ["Required value missing", "A required value is missing from the request."],
    ["必須の値がありません", "リクエストに必須の値がありません。"]
  )
)<ParamFields> {}

// --- 400: invalid input ----------------------------------------------------------------------------

export class AmbiguousProduct extends Reason(
  "AmbiguousProduct",
  spec(
    "ambiguous_product",
    "invalid-input",
    "never",
    ["Ambiguous product", "The product type hint does not identify a single product."],
    ["製品を特定できません", "製品タイプの指定から製品を一つに特定できません。"]
  )
) {}

export class CsrInvalidCannotParse extends Reason(
  "CsrInvalidCannotParse",
  spec(
    "csr_invalid_cannot_parse",
    "invalid-input",
    "never",
    ["Unreadable CSR", "The certificate signing request could not be parsed."],
    ["CSR を解析できません", "証明書署名要求 (CSR) を解析できませんでした。"]
  )
) {}

export class EmailNotValidEmailFormat extends Reason(
  "EmailNotValidEmailFormat",
  spec(
    "email_not_valid_email_format",
    "invalid-input",
    "never",
    ["Invalid email address", "An email address in the request is not well formed."],
    ["メールアドレスの形式が正しくありません", "リクエスト内のメールアドレスの形式が正しくありません。"]
  )
) {}

export class InvalidCaCertId extends Reason(
  "InvalidCaCertId",
  spec(
    "invalid_ca_cert_id",
    "invalid-input",
    "never",
    ["Invalid certificate authority", "The requested issuing certificate authority is not valid."],
    ["無効な認証局", "指定された発行元の認証局が正しくありません。"]
  )
) {}

export class MissingCaCertId extends Reason(
  "MissingCaCertId",
  spec(
    "missing_ca_cert_id",
    "invalid-input",
    "never",
    ["Certificate authority required", "This request must name the issuing certificate authority."],
    ["認証局の指定が必要です", "このリクエストには発行元の認証局の指定が必要です。"]
  )
) {}

export class InvalidCommonNameOnDuplicate extends Reason(
  "InvalidCommonNameOnDuplicate",
  spec(
    "invalid_common_name_on_duplicate",
    "invalid-input",
    "never",
    ["Common name differs from the order", "A duplicate must keep the original order's common name."],
    ["コモンネームが元の注文と異なります", "複製証明書のコモンネームは元の注文と同じでなければなりません。"]
  )
) {}

export class InvalidDnsNameOnDuplicate extends Reason(
  "InvalidDnsNameOnDuplicate",
  spec(
    "invalid_dns_name_on_duplicate",
    "invalid-input",
    "never",
    ["DNS names differ from the order", "A duplicate must keep the original order's DNS names."],
    ["DNS 名が元の注文と異なります", "複製証明書の DNS 名は元の注文と同じでなければなりません。"]
  )
) {}

export class MissingDnsNameOnDuplicate extends Reason(
  "MissingDnsNameOnDuplicate",
  spec(
    "missing_dns_name_on_duplicate",
    "invalid-input",
    "never",
    ["DNS name missing from duplicate", "A duplicate cannot drop DNS names of the original order."],
    ["複製から DNS 名が欠けています", "複製証明書から元の注文の DNS 名を削除することはできません。"]
  )
) {}

export class MissingRequiredCustomField extends Reason(
  "MissingRequiredCustomField",
  spec(
    "missing_required_custom_field",
    "invalid-input",
    "never",
    ["Required custom field missing", "A custom field the account requires was not filled in."],
    ["必須のカスタムフィールドがありません", "アカウントで必須のカスタムフィールドが入力されていません。"]
  )
) {}

export class OtherDomainOnWildcard extends Reason(
  "OtherDomainOnWildcard",
  spec(
    "other_domain_on_wildcard",
    "invalid-input",
    "never",
    [
      "Wildcard names must share the domain",
      "Every name on a wildcard certificate must belong to its common name's domain."
    ],
    [
      "ワイルドカードのドメインが一致しません",
      "ワイルドカード証明書のすべての名前はコモンネームと同じドメインでなければなりません。"
    ]
  )
) {}

export class CertValidityExceedsOrderValidity extends Reason(
  "CertValidityExceedsOrderValidity",
  spec(
    "cert_validity_exceeds_order_validity",
    "invalid-input",
    "never",
    ["Certificate validity too long", "The certificate's validity cannot extend past the order's validity."],
    ["証明書の有効期間が長すぎます", "証明書の有効期間は注文の有効期間を超えられません。"]
  )
) {}

export class Rfc5280CommonNameInvalid extends Reason(
  "Rfc5280CommonNameInvalid",
  spec(
    "rfc5280_common_name_invalid",
    "invalid-input",
    "never",
    ["Invalid common name", "The common name does not meet certificate standards."],
    ["無効なコモンネーム", "コモンネームが証明書の標準に適合していません。"]
  )
) {}

export class Rfc5280CommonNameTooLong extends Reason(
  "Rfc5280CommonNameTooLong",
  spec(
    "rfc5280_common_name_too_long",
    "invalid-input",
    "never",
    ["Common name too long", "The common name must be at most 64 characters."],
    ["コモンネームが長すぎます", "コモンネームは 64 文字以内にしてください。"]
  )
) {}

export class Rfc5280OrgUnitTooLong extends Reason(
  "Rfc5280OrgUnitTooLong",
  spec(
    "rfc5280_org_unit_too_long",
    "invalid-input",
    "never",
    ["Organization unit too long", "The organization unit must be at most 64 characters."],
    ["部門名が長すぎます", "組織の部門名は 64 文字以内にしてください。"]
  )
) {}

export class Rfc5280OrgNameTooLong extends Reason(
  "Rfc5280OrgNameTooLong",
  spec(
    "rfc5280_org_name_too_long",
    "invalid-input",
    "never",
    [
      "Organization name too long",
      "The organization name, assumed names included, must be at most 64 characters."
    ],
    ["組織名が長すぎます", "組織名 (別名を含む) は合計 64 文字以内にしてください。"]
  )
) {}

export class Rfc5280AddressFieldTooLong extends Reason(
  "Rfc5280AddressFieldTooLong",
  spec(
    "rfc5280_address_field_too_long",
    "invalid-input",
    "never",
    ["Address field too long", "Each address field must be at most 64 characters."],
    ["住所欄が長すぎます", "住所の各欄は 64 文字以内にしてください。"]
  )
) {}

export class Rfc5280OrgUnitInvalid extends Reason(
  "Rfc5280OrgUnitInvalid",
  spec(
    "rfc5280_org_unit_invalid",
    "invalid-input",
    "never",
    ["Invalid organization unit", "The organization unit does not meet certificate standards."],
    ["無効な部門名", "組織の部門名が証明書の標準に適合していません。"]
  )
) {}

export class Rfc5280OrgInvalid extends Reason(
  "Rfc5280OrgInvalid",
  spec(
    "rfc5280_org_invalid",
    "invalid-input",
    "never",
    ["Invalid organization details", "One or more organization fields do not meet certificate standards."],
    ["無効な組織情報", "組織情報の一部が証明書の標準に適合していません。"]
  )
) {}

// --- 400: state conflicts -------------------------------------------------------------------------

export class InvalidDnsTxt extends Reason(
  "InvalidDnsTxt",
  spec(
    "invalid_dns_txt",
    "conflict",
    "never",
    ["Domain control not proven (DNS TXT)", "No valid DNS TXT record proving domain control was found yet."],
    ["ドメイン認証未完了 (DNS TXT)", "ドメインの管理を証明する有効な DNS TXT レコードがまだ見つかりません。"],
    "Domain control is not proven yet: a state, fixed by publishing the record and checking again later."
  )
) {}

export class InvalidDnsCname extends Reason(
  "InvalidDnsCname",
  spec(
    "invalid_dns_cname",
    "conflict",
    "never",
    [
      "Domain control not proven (DNS CNAME)",
      "No valid DNS CNAME record proving domain control was found yet."
    ],
    [
      "ドメイン認証未完了 (DNS CNAME)",
      "ドメインの管理を証明する有効な DNS CNAME レコードがまだ見つかりません。"
    ],
    "Domain control is not proven yet: a state, fixed by publishing the record and checking again later."
  )
) {}

export class FileRandomValueNotFound extends Reason(
  "FileRandomValueNotFound",
  spec(
    "file_random_value_not_found",
    "conflict",
    "never",
    [
      "Domain control not proven (file)",
      "The validation file with the expected random value was not found on the domain yet."
    ],
    ["ドメイン認証未完了 (ファイル)", "ドメイン上に期待されるランダム値の認証ファイルがまだ見つかりません。"],
    "Domain control is not proven yet: a state, fixed by publishing the file and checking again later."
  )
) {}

export class InvalidDnsMethod extends Reason(
  "InvalidDnsMethod",
  spec(
    "invalid_dns_method",
    "conflict",
    "never",
    [
      "Wrong validation method for the order",
      "The order's domain validation method does not allow this request."
    ],
    ["注文の認証方法が異なります", "この注文のドメイン認証方法ではこのリクエストを実行できません。"],
    "Despite the invalid_ prefix it names the order's current DCV method, not a field of this request: a state conflict."
  )
) {}

export class PendingReissue extends Reason(
  "PendingReissue",
  spec(
    "pending_reissue",
    "conflict",
    "never",
    ["Reissue already pending", "An earlier reissue of this order is still pending approval."],
    ["再発行が保留中です", "この注文の前回の再発行申請がまだ承認待ちです。"]
  )
) {}

export class AuthKeyExistsForAccount extends Reason(
  "AuthKeyExistsForAccount",
  spec(
    "auth_key_exists_for_account",
    "conflict",
    "never",
    ["AuthKey already exists", "An AuthKey has already been created for this account."],
    ["AuthKey は作成済みです", "このアカウントの AuthKey はすでに作成されています。"],
    "The resource already exists: the state forbids creating it again."
  )
) {}

export class UsernameUnavailable extends Reason(
  "UsernameUnavailable",
  spec(
    "username_unavailable",
    "conflict",
    "never",
    ["Username taken", "This username is not available."],
    ["ユーザー名は使用できません", "このユーザー名は使用できません。"],
    "The name is already taken: a conflict with existing state, not malformed input."
  )
) {}

export class CaaCheckFailed extends Reason(
  "CaaCheckFailed",
  spec(
    "caa_check_failed",
    "conflict",
    "never",
    ["CAA records forbid issuance", "The domain's DNS CAA records do not allow this certificate authority."],
    [
      "CAA レコードにより発行できません",
      "ドメインの DNS CAA レコードがこの認証局による発行を許可していません。"
    ],
    "Like the DCV codes: the domain's DNS state forbids issuance now and is fixed in DNS, then checked again."
  )
) {}

export class CaaNotFound extends Reason(
  "CaaNotFound",
  spec(
    "caa_not_found",
    "conflict",
    "never",
    ["CAA check incomplete", "The domain's CAA records could not be confirmed yet."],
    ["CAA の確認が完了していません", "ドメインの CAA レコードをまだ確認できません。"],
    "Seen in real traffic during issuance checks; a DNS state like the DCV codes, resolved in DNS."
  )
) {}

// --- 400: refused by account policy or product rules -----------------------------------------------

export class CertTransparencyTurnedOffForAccount extends Reason(
  "CertTransparencyTurnedOffForAccount",
  spec(
    "cert_transparency_turned_off_for_account",
    "rejected",
    "never",
    ["Certificate Transparency disabled", "Certificate Transparency logging is turned off for the account."],
    ["CT ログが無効です", "アカウントで証明書の透明性 (CT) ログが無効になっています。"]
  )
) {}

export class CtLoggingDisabled extends Reason(
  "CtLoggingDisabled",
  spec(
    "ct_logging_disabled",
    "rejected",
    "never",
    ["CT logging disabled", "Certificate Transparency logging is disabled for the account."],
    ["CT ログ記録が無効です", "アカウントで CT ログ記録が無効になっています。"]
  )
) {}

export class NotAllowedToChangeCtSettingPerOrder extends Reason(
  "NotAllowedToChangeCtSettingPerOrder",
  spec(
    "not_allowed_to_change_ct_setting_per_order",
    "rejected",
    "never",
    ["CT setting is fixed", "The account does not allow changing Certificate Transparency per order."],
    ["CT 設定は変更できません", "アカウントで注文ごとの CT 設定の変更が許可されていません。"]
  )
) {}

export class CsrNotAllowed extends Reason(
  "CsrNotAllowed",
  spec(
    "csr_not_allowed",
    "rejected",
    "never",
    ["CSR not accepted", "This product does not accept a certificate signing request."],
    ["CSR は使用できません", "この製品では証明書署名要求 (CSR) を使用できません。"],
    "A product rule, not a malformed value: the same CSR is fine for another product."
  )
) {}

export class CustomExpirationNotAllowed extends Reason(
  "CustomExpirationNotAllowed",
  spec(
    "custom_expiration_not_allowed",
    "rejected",
    "never",
    ["Custom expiration not allowed", "The account only allows fixed validity periods for this product."],
    ["有効期限を指定できません", "アカウントではこの製品に決められた有効期間しか使用できません。"]
  )
) {}

export class DisabledDomain extends Reason(
  "DisabledDomain",
  spec(
    "disabled_domain",
    "rejected",
    "never",
    ["Domain disabled", "The domain is deactivated in the account."],
    ["ドメインが無効です", "このドメインはアカウントで無効になっています。"],
    "Only an account administrator can reactivate the domain, so it is an account refusal rather than a conflict."
  )
) {}

export class DomainNotAllowed extends Reason(
  "DomainNotAllowed",
  spec(
    "domain_not_allowed",
    "rejected",
    "never",
    ["Domain not allowed", "Domain restrictions of the account do not allow this domain."],
    ["許可されていないドメイン", "アカウントのドメイン制限によりこのドメインは許可されていません。"]
  )
) {}

export class EmailDomainNotValidated extends Reason(
  "EmailDomainNotValidated",
  spec(
    "email_domain_not_validated",
    "rejected",
    "never",
    ["Email domain not validated", "The email address must belong to a domain validated in the account."],
    [
      "メールのドメインが未認証です",
      "メールアドレスはアカウントで認証済みのドメインのものでなければなりません。"
    ],
    "The address is well formed; the account's policy refuses it, so rejected rather than invalid-input."
  )
) {}

export class InactiveOrganization extends Reason(
  "InactiveOrganization",
  spec(
    "inactive_organization",
    "rejected",
    "never",
    ["Organization inactive", "The organization is not active in the account."],
    ["組織が無効です", "この組織はアカウントで有効になっていません。"],
    "Activation is an account administrator's act, so an account refusal rather than a conflict."
  )
) {}

export class InternalNamesNotAllowed extends Reason(
  "InternalNamesNotAllowed",
  spec(
    "internal_names_not_allowed",
    "rejected",
    "never",
    ["Internal names not allowed", "Certificates cannot be issued for internal names."],
    ["内部名は使用できません", "内部名に対して証明書を発行することはできません。"],
    "Listed on DigiCert's page (seed 000) as a 400 without a description; industry rules refuse internal names, so a product rule."
  )
) {}

export class InvalidPaymentMethod extends Reason(
  "InvalidPaymentMethod",
  spec(
    "invalid_payment_method",
    "rejected",
    "never",
    ["Payment method not enabled", "The requested payment method is not enabled for the account."],
    ["支払方法が有効ではありません", "指定された支払方法はアカウントで有効になっていません。"],
    "Despite the invalid_ prefix the value is valid but not enabled for the account: an account refusal."
  )
) {}

export class NoPrivateCaEnabled extends Reason(
  "NoPrivateCaEnabled",
  spec(
    "no_private_ca_enabled",
    "rejected",
    "never",
    ["Private CA not enabled", "No private certificate authority is enabled for the account."],
    ["プライベート認証局が無効です", "アカウントでプライベート認証局が有効になっていません。"]
  )
) {}

export class OrderNotEligibleForDuplicate extends Reason(
  "OrderNotEligibleForDuplicate",
  spec(
    "order_not_eligible_for_duplicate",
    "rejected",
    "never",
    ["Duplicate not allowed", "Duplicate certificates are not allowed for this order."],
    ["複製できません", "この注文では複製証明書は許可されていません。"],
    "A product rule for this order, not a transient state."
  )
) {}

export class ProductNameLimitExceeded extends Reason(
  "ProductNameLimitExceeded",
  spec(
    "product_name_limit_exceeded",
    "rejected",
    "never",
    ["Too many names for the product", "The request has more names than this product allows."],
    ["名前の数が上限を超えています", "この製品で許可された名前の数を超えています。"],
    "Each name is valid; the product's limit refuses their number, so a product rule."
  )
) {}

export class ProductNotAllowed extends Reason(
  "ProductNotAllowed",
  spec(
    "product_not_allowed",
    "rejected",
    "never",
    ["Product not allowed", "This certificate product is not allowed for the account."],
    ["許可されていない製品", "この証明書製品はアカウントで許可されていません。"]
  )
) {}

export class ProtectedDomain extends Reason(
  "ProtectedDomain",
  spec(
    "protected_domain",
    "rejected",
    "never",
    ["Protected domain", "A domain in the request is protected by its owner."],
    ["保護されたドメイン", "リクエスト内のドメインが所有者によって保護されています。"]
  )
) {}

export class CannotActivateDomainLock extends Reason(
  "CannotActivateDomainLock",
  spec(
    "cannot_activate_domain_lock",
    "rejected",
    "never",
    ["Domain lock cannot be activated", "Domain lock cannot be turned on for this domain or account."],
    [
      "ドメインロックを有効にできません",
      "このドメインまたはアカウントではドメインロックを有効にできません。"
    ],
    "Refused by the account's feature set or the domain's settings, not by malformed input."
  )
) {}

export class CannotDeactivateDomainLock extends Reason(
  "CannotDeactivateDomainLock",
  spec(
    "cannot_deactivate_domain_lock",
    "rejected",
    "never",
    ["Domain lock cannot be deactivated", "Domain lock cannot be turned off for this domain or account."],
    [
      "ドメインロックを無効にできません",
      "このドメインまたはアカウントではドメインロックを無効にできません。"
    ],
    "Refused by the account's feature set or the domain's settings, not by malformed input."
  )
) {}

export class CannotArchivePrimaryCertificate extends Reason(
  "CannotArchivePrimaryCertificate",
  spec(
    "cannot_archive_primary_certificate",
    "rejected",
    "never",
    ["Primary certificate cannot be archived", "The primary certificate of an order cannot be archived."],
    ["プライマリ証明書はアーカイブできません", "注文のプライマリ証明書はアーカイブできません。"],
    "A fixed rule of the service, not a state that changes with time."
  )
) {}

// --- Unknown codes and status-only answers --------------------------------------------------------

export class Unrecognized extends Reason(
  "Unrecognized",
  spec(
    "unrecognized",
    "upstream-error",
    "never",
    [
      "Unexpected certificate service error",
      "The certificate service answered with an error we do not know."
    ],
    ["証明書サービスの不明なエラー", "証明書サービスから不明なエラーが返されました。"],
    "Keeps the raw code (bounded). Under a 429 or 5xx its category and retry follow the status."
  )
) {}

export class Throttled extends Reason(
  "Throttled",
  spec(
    "http_429",
    "throttled",
    "safe",
    [
      "Certificate service busy",
      "Too many requests were sent to the certificate service. Try again shortly."
    ],
    [
      "証明書サービスが混雑しています",
      "証明書サービスへのリクエストが多すぎます。しばらくしてから再試行してください。"
    ],
    "A 429 without a readable error body; handled like request_limit_exceeded."
  )
) {}

export class Unavailable extends Reason(
  "Unavailable",
  spec(
    "http_503",
    "unavailable",
    "idempotent-only",
    ["Certificate service unavailable", "The certificate service is temporarily unavailable."],
    ["証明書サービスを利用できません", "証明書サービスは一時的に利用できません。"],
    "A 503 without a readable body may come from a proxy after the request reached DigiCert: idempotent-only."
  )
) {}

export class ServerError extends Reason(
  "ServerError",
  spec(
    "http_5xx",
    "upstream-error",
    "idempotent-only",
    ["Certificate service error", "The certificate service failed to complete the request."],
    ["証明書サービスのエラー", "証明書サービスでリクエストを完了できませんでした。"]
  )
) {}

export class UnexplainedStatus extends Reason(
  "UnexplainedStatus",
  spec(
    "http_status",
    "upstream-error",
    "never",
    ["Unexpected certificate service answer", "The certificate service answered in a way we did not expect."],
    ["証明書サービスの予期しない応答", "証明書サービスから予期しない応答がありました。"],
    "Any other non-2xx without a readable code: category and retry follow core's statusCategory (a bare 401/403/404/405 is misconfigured, e.g. a wrong base URL; a bare 400/409/422 an upstream error)."
  )
) {}
