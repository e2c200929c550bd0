/**
 * The one place the CLI gets its value rendering from, so that the printers do not care where
 * it lives. Contract (both functions): `formatValue(value, type)` gives PostgreSQL's text form
 * or null for NULL; `toJsonValue(value, type)` gives a JSON-ready value (timestamps as
 * `YYYY-MM-DD HH:MM:SS[.ffffff]`, BIGINT as a number when exact).
 */
export { formatValue, toJsonValue } from '@sluice/engine/internal';
