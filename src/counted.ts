/** `1 article`, `2 articles`, `9,126 articles`: a count and its noun, as the CLI's lines say them. */
export function counted(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}
