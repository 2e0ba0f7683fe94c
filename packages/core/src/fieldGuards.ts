// Rejected fields reach the caller only as short identifier-like values (no `@`, no spaces), so no
// upstream sentence or e-mail address can ride along, whatever a vendor or an app puts there.
export const safeName = /^[A-Za-z0-9_][A-Za-z0-9_.:[\]-]{0,63}$/
export const safePointer = /^(\/[A-Za-z0-9_.~-]{1,64}){1,16}$/
export const maxFieldErrors = 100
