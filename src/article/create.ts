/** `newsmirror new`: a new article file with valid front matter, where it belongs. */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { outsideFolder } from "../folders.ts";
import { readArticle } from "./read-article.ts";
import { slugify } from "./url.ts";
import { isChinese } from "../language.ts";
import { NewsmirrorError, UsageError } from "../errors.ts";
import { loadSettings } from "../settings/settings.ts";
import { toOffsetIso } from "../time/format.ts";

export interface NewArticleRequest {
  /** Absolute path of the content folder. */
  contentDir: string;
  /** Paths in messages are shown relative to this folder. */
  displayRoot: string;
  title: string;
  section?: string;
  dateline?: string;
  source?: string;
  /** The publication time; now by default. */
  now?: Date;
}

/** gov.cn-style id: 8 hex digits of Unix seconds, then 16 random hex digits. */
export function govcnId(epochMs: number): string {
  return (
    Math.floor(epochMs / 1000)
      .toString(16)
      .padStart(8, "0") + randomBytes(8).toString("hex")
  );
}

export async function newArticle(request: NewArticleRequest): Promise<string> {
  const settings = loadSettings(request.contentDir, path.relative(request.displayRoot, request.contentDir) || ".");
  const now = (request.now ?? new Date()).getTime();
  const frontMatter = {
    title: request.title,
    updated: toOffsetIso(now, settings.timeZone),
    source: request.source ?? (isChinese(settings.language) ? "新华社" : "Xinhua"),
    ...(request.dateline ? { dateline: request.dateline } : {}),
    ...(request.section ? { section: request.section } : {}),
    // A Chinese site's article has www.gov.cn's 7-digit id when it has one (given, or imported): a new one goes by
    // its date and file (src/article/url.ts); an English one gets english.www.gov.cn's id, made from the time.
    ...(isChinese(settings.language) ? {} : { id: govcnId(now) }),
    // Written as a draft: `serve` shows it, a build leaves it out until the line is removed.
    draft: true,
  };
  const dir = path.join(request.contentDir, ...(request.section ? request.section.split("/") : []));
  const file = path.join(dir, `${slugify(request.title)}.md`);
  const text = `---\n${stringify(frontMatter, { lineWidth: 0 })}---\nWrite the first paragraph here.\n`;
  // Checked as a build checks the file it becomes: a problem is named by the option that gave the field.
  const { problems } = readArticle(text, file, settings.dates);
  const problem = problems[0];
  if (problem) {
    const field = problem.field ?? "title";
    throw new UsageError(`${field === "title" ? "the title" : `--${field}`}: ${problem.message}`);
  }
  const taken = (cause?: unknown) => new NewsmirrorError(`${file}: already exists; choose another title`, { cause });
  if (await lstat(file).catch(() => undefined)) throw taken(); // a file, or a symbolic link (even to nothing)
  // A section folder that is a symbolic link could lead out of the content folder.
  const outside = await outsideFolder(request.contentDir, file);
  if (outside) throw new NewsmirrorError(outside);
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(file, text, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw taken(error);
    throw error;
  }
  return file;
}
