/** Builds the hostile content folders of tests/fixtures/hostile/ through the command line, as a user would. */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Parser } from "htmlparser2";
import { parseXml } from "../../src/check/feeds.ts";
import { runCli } from "./cli.ts";
import { ROOT, tempDir, type CliResult } from "./site.ts";

export const HOSTILE = path.join(ROOT, "tests/fixtures/hostile");

export interface BuiltFixture extends CliResult {
  content: string;
  out: string;
}

/**
 * A copy of `tests/fixtures/hostile/{name}` (site.json settings merged with
 * `settings`), built by `newsmirror build --no-search` in this process into a
 * new temporary folder. `imageCache`: a cache folder the file's builds share
 * (default a new one).
 */
export async function buildFixture(
  name: string,
  options: { settings?: Record<string, unknown>; args?: string[]; imageCache?: string } = {},
): Promise<BuiltFixture> {
  const content = tempDir("newsmirror-hostile-");
  cpSync(path.join(HOSTILE, name), content, { recursive: true });
  if (options.settings) {
    const file = path.join(content, "site.json");
    const settings = JSON.parse(readFileSync(file, "utf8")) as object;
    writeFileSync(file, JSON.stringify({ ...settings, ...options.settings }, null, 2));
  }
  const out = path.join(tempDir(), "site");
  const cache = options.imageCache ?? tempDir("newsmirror-cache-");
  const args = ["build", "--input", content, "--output", out, "--image-cache", cache, "--no-search"];
  const built = await runCli([...args, "--build-time", "2021-08-05T12:00:00+08:00", ...(options.args ?? [])]);
  return { ...built, content, out };
}

/**
 * Well-formedness errors of an XML document, as `newsmirror check` reads it
 * (src/check/feeds.ts: saxes, a conforming XML 1.0 parser, which unlike
 * fast-xml-parser and sax refuses the characters XML forbids).
 */
export function xmlErrors(xml: string): string[] {
  const { error } = parseXml(xml);
  return error ? [`${error.line ?? ""}: ${error.message}`] : [];
}

export interface UrlRef {
  tag: string;
  attr: string;
  url: string;
}

/** Attributes that hold a URL a browser follows or loads (srcset: a list of them). */
const URL_ATTRIBUTES = [
  "href",
  "src",
  "srcset",
  "poster",
  "data",
  "action",
  "formaction",
  "cite",
  "background",
  "xlink:href",
];

/** Every URL in an attribute that holds one (each srcset candidate apart) of some HTML, as a browser's tokenizer reads them. */
export function urlsIn(markup: string): UrlRef[] {
  const refs: UrlRef[] = [];
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        for (const attr of URL_ATTRIBUTES) {
          const value = attributes[attr];
          if (value === undefined) continue;
          const urls = attr === "srcset" ? value.split(/,\s+/).map((c) => c.trim().split(/\s+/)[0]!) : [value];
          for (const url of urls) refs.push({ tag, attr, url });
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(markup);
  return refs;
}

/** The img-src sources of a page's Content-Security-Policy <meta>. */
export function imgSources(page: string): string[] | undefined {
  let policy: string | undefined;
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        if (tag === "meta" && attributes["http-equiv"]?.toLowerCase() === "content-security-policy")
          policy = attributes.content;
      },
    },
    { decodeEntities: true },
  );
  parser.end(page);
  const directive = policy
    ?.split(";")
    .map((d) => d.trim().split(/\s+/))
    .find((d) => d[0] === "img-src");
  return directive?.slice(1);
}
