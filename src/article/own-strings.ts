/**
 * Strings an article keeps for the whole build, copied out of what made
 * them. V8 cuts a substring out of its parent rather than copying it (a
 * title parsed from the front matter holds the whole file's text), and
 * builds `a + b` as a tree of pieces that holds every piece (markdown-it
 * renders a body so, piece by piece, some of them cut from the file). At
 * 20,000 articles that was 258 MiB of live heap after loading, 130 MiB of
 * it the files' text and the bodies' pieces; copied, each article keeps
 * its own characters and nothing else (issue 15: 100,000 articles with
 * search under 2.5 GiB).
 */

/**
 * The same characters in a string of their own: nothing else kept alive by it. Joining forces V8 to make one
 * flat string of the characters, and cutting it again gives the string the characters alone (a slice of that
 * new string, or for a short one a copy). Exact for any string, lone surrogates included, unlike a round trip
 * through UTF-8.
 */
export function ownString(text: string): string {
  return ` ${text}`.slice(1);
}

/** ownString of an optional string. */
export function ownOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : ownString(text);
}
