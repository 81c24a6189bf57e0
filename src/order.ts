/**
 * The one order of text for everything whose order must not depend on the machine: UTF-16 code units, as `<`
 * compares them (not `localeCompare`, which depends on the locale and ICU data). Plans, digests, redirect lists
 * and sorted notices all use it, so the same content gives the same bytes everywhere.
 */
export function textOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
