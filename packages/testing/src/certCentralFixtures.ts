import type { Fixture } from "./Fixture.js"

// Every code of DigiCert's CertCentral error page with its documented status: the Japanese page
// (seeds/000) and the English one (dev.digicert.com/en/certcentral-apis/services-api/errors.html),
// which also lists the `caa_*`, domain-lock, archive and validity codes; then the two codes no
// DigiCert page lists. Messages are short English paraphrases: DigiCert's own text is not something
// a client may depend on.

const rows: ReadonlyArray<readonly [status: number, code: string, message: string]> = [
  [429, "request_limit_exceeded", "Service available, but request limit exceeded; slow down."],
  [404, "not_found", "Not found. Check that the endpoint URL is built correctly."],
  [404, "not_found|order", "The specified order was not found."],
  [404, "not_found|product", "The specified product was not found."],
  [404, "not_found|route", "The endpoint does not exist."],
  [403, "access_denied|missing_permission", "Your API key does not have permission for this request."],
  [400, "ambiguous_product", "The product.type_hint value does not identify one product."],
  [400, "auth_key_exists_for_account", "An AuthKey already exists for your account."],
  [400, "bad_request_format", "The request body is not valid JSON or XML."],
  [400, "cert_transparency_turned_off_for_account", "CT logging is disabled for the account."],
  [400, "csr_invalid_cannot_parse", "The CSR is not in a valid format."],
  [400, "csr_not_allowed", "The specified product does not use a CSR."],
  [400, "ct_logging_disabled", "CT logging is disabled for the account."],
  [400, "custom_expiration_not_allowed", "Custom expiration dates are not allowed for this product."],
  [400, "disabled_domain", "The submitted domain is disabled."],
  [400, "domain_not_allowed", "Domain restrictions are configured for the container."],
  [400, "email_domain_not_validated", "The email address must have a validated domain."],
  [400, "email_not_valid_email_format", "The submitted email address is not valid."],
  [400, "file_random_value_not_found", "The random value was not found at the expected file location."],
  [400, "inactive_organization", "The submitted organization is inactive."],
  [400, "internal_names_not_allowed", "Internal names are not allowed."],
  [400, "invalid_ca_cert_id", "The specified issuing CA is not valid."],
  [400, "invalid_chars:common_name", "The parameter contains invalid characters."],
  [400, "invalid_common_name_on_duplicate", "The duplicate's common name must match the original order."],
  [400, "invalid_dns_cname", "No valid DNS CNAME record was found for the domain."],
  [400, "invalid_dns_method", "The order's DCV method does not allow this check."],
  [400, "invalid_dns_name_on_duplicate", "The duplicate's DNS names must match the original order."],
  [400, "invalid_dns_txt", "No valid DNS TXT record was found for the domain."],
  [400, "invalid_payment_method", "The specified payment method is not enabled."],
  [400, "invalid_value:dcv_method", "The parameter contains an invalid value."],
  [400, "missing_ca_cert_id", "This request needs an issuing CA id."],
  [400, "missing_dns_name_on_duplicate", "DNS names cannot be removed from a duplicate order."],
  [400, "missing_request_data", "No request body was sent."],
  [400, "missing_required_custom_field", "A required custom field is missing."],
  [400, "no_private_ca_enabled", "No private CA is enabled for the account."],
  [400, "not_allowed_to_change_ct_setting_per_order", "Per-order CT settings are not enabled."],
  [400, "order_not_eligible_for_duplicate", "Duplicates are not allowed for this order."],
  [400, "other_domain_on_wildcard", "Every SAN of a wildcard certificate must share the common name."],
  [400, "pending_reissue", "A previous reissue request for this order is still pending."],
  [400, "product_name_limit_exceeded", "The number of names allowed for this product was exceeded."],
  [400, "product_not_allowed", "This product is not allowed."],
  [400, "protected_domain", "One or more domains are protected by their owner."],
  [400, "required_param:certificate.csr", "The parameter is required."],
  [400, "rfc5280_common_name_invalid", "The common name does not comply with industry standards."],
  [400, "rfc5280_common_name_too_long", "The common name must be 64 characters or fewer."],
  [400, "rfc5280_org_unit_too_long", "The organization unit must be 64 characters or fewer."],
  [400, "rfc5280_org_name_too_long", "The organization name must be 64 characters or fewer."],
  [400, "rfc5280_address_field_too_long", "Address fields must be 64 characters or fewer."],
  [400, "rfc5280_org_unit_invalid", "The organization unit contains an invalid value."],
  [400, "rfc5280_org_invalid", "An organization field contains an invalid value."],
  [400, "username_unavailable", "The specified username is not available."],
  // On the English error page only (`caa_check_failed|variable`, `caa_not_found|variable`).
  [400, "caa_check_failed|example.com", "CAA records of the domain do not allow DigiCert to issue."],
  [400, "caa_not_found|example.com", "No CAA record allows issuance."],
  [400, "cannot_activate_domain_lock", "Domain lock cannot be activated."],
  [400, "cannot_deactivate_domain_lock", "Domain lock cannot be deactivated."],
  [400, "cannot_archive_primary_certificate", "The primary certificate cannot be archived."],
  [400, "cert_validity_exceeds_order_validity", "The certificate validity exceeds the order validity."],
  // On no DigiCert page. `invalid_approver`: Keyfactor's CertCentral CA plugin tests for it
  // (CertCentralCAPlugin.cs). `access_denied_invalid_key`: unconfirmed; only a third-party Venafi
  // example quotes it. Our simulator answers it for a wrong key, a choice, not a documented fact.
  [403, "access_denied|access_denied_invalid_key", "The API key is not valid."],
  [403, "access_denied|invalid_approver", "The approver is not valid."]
]

/** The CertCentral envelope `{"errors":[{code,message}]}` as the wire carries it. */
export const certCentralErrorBody = (code: string, message: string): string =>
  JSON.stringify({ errors: [{ code, message }] })

/** Every documented CertCentral error, `{ code, status, body }`. */
export const certCentralFixtures: ReadonlyArray<Fixture> = rows.map(([status, code, message]) => ({
  code,
  status,
  body: certCentralErrorBody(code, message)
}))
