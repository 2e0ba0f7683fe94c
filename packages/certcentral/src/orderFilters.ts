/**
 * The `filters[...]` of DigiCert's list-orders endpoint, its documented names (DigiCert, "List
 * orders"): the one list the client checks and `params.ts` reads.
 * Its own module: the decoder reads it (through `params.ts`) without loading the success models.
 */
export const orderFilters = [
  "id",
  "status",
  "organization_id",
  "product_name_id",
  "valid_till",
  "user_id",
  "common_name",
  "domain_name",
  "date_created",
  "container_id",
  "metadata_id",
  "is_renewed",
  "disable_renewal_notifications",
  "email",
  "certificate_id",
  "origin",
  "serial_number",
  "search"
] as const

export type OrderFilter = (typeof orderFilters)[number]
