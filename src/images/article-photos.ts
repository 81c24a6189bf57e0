/**
 * An article's photos, from references to markup: resolve each (inside the
 * content folder, exists), process it through the cache (is an image, not
 * corrupt), and produce the figure markup, the social crop and the list of
 * files the site must publish. Every bad photo is one ContentProblem naming
 * the article and the photo.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import type Token from "markdown-it/lib/token.mjs";
import type { ContentProblem } from "../errors.ts";
import { stampOf } from "../file-stamp.ts";
import { PhotoError, type PhotoCache, type ProcessedPhoto } from "./encode.ts";
import type { BodyPhotoRef } from "./markdown.ts";
import { figureHtml, photoUrl, remoteFigureHtml, type FigureText } from "./markup.ts";
import { resolvePhoto, type RemotePolicy } from "./resolve.ts";

export interface PhotoContext {
  contentDir: string;
  displayRoot: string;
  remote: RemotePolicy;
  cache: PhotoCache;
  /** The most pixels a photo may have (site.json's images.maxPixels). */
  maxPixels?: number;
}

export interface LeadPhotoRef {
  src: string;
  alt: string;
  caption?: string;
  /** File line of `image:` in the front matter (found when a message needs it). */
  line: () => number | undefined;
}

/** A variant file to copy (link) from the cache into the site's /photos/. */
export interface PublishedFile {
  source: string;
  name: string;
}

export interface ArticlePhotos {
  problems: ContentProblem[];
  lead?: ArticlePhoto;
  social?: SocialImage;
  /** Figure markup for each body image token (markdown-it env.photos). */
  body: Map<Token, string>;
  /** URLs of the remote photos linked as they are (images.remote: "link"), lead first, in the body's order. */
  remote: string[];
  files: PublishedFile[];
  /** Paths whose change must reload the article (the dev server's cache). */
  dependencies: string[];
}

function filesOf(photo: ProcessedPhoto): PublishedFile[] {
  const variants = photo.social ? [...photo.variants, photo.social] : photo.variants;
  return variants.map((v) => ({ source: path.join(photo.dir, v.file), name: v.file }));
}

function describe(error: unknown): string {
  if (error instanceof PhotoError) return error.message;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT") return "does not exist";
  return `could not be processed (${String((error as Error)?.message ?? error).split("\n")[0]})`;
}

export async function processArticlePhotos(
  articleFile: string,
  displayFile: string,
  bodyLine: number,
  lead: LeadPhotoRef | undefined,
  bodyRefs: readonly BodyPhotoRef[],
  context: PhotoContext,
): Promise<ArticlePhotos> {
  const result: ArticlePhotos = { problems: [], body: new Map(), remote: [], files: [], dependencies: [] };
  const remote = new Map<number, string>();
  const jobs: {
    ref: { src: string };
    where: () => Omit<ContentProblem, "message">;
    text: FigureText;
    social: boolean;
    done: (html: string, photo?: ProcessedPhoto) => void;
  }[] = [];

  if (lead) {
    const where = () => ({ file: displayFile, line: lead.line(), field: "image.src" });
    jobs.push({
      ref: lead,
      where,
      text: { alt: lead.alt, caption: lead.caption, lead: true },
      social: true,
      done: (html, photo) => {
        const img = photo?.variants.filter((v) => v.format === (photo.hasAlpha ? "png" : "jpeg")).at(-1);
        result.lead = {
          alt: lead.alt,
          caption: lead.caption,
          html,
          ...(photo && img ? { url: photoUrl(img), width: img.width, height: img.height } : {}),
        };
        if (photo?.social) {
          result.social = {
            url: photoUrl(photo.social),
            width: photo.social.width,
            height: photo.social.height,
            alt: lead.alt,
            type: "image/jpeg",
          };
        }
      },
    });
  }
  for (const ref of bodyRefs) {
    const where = { file: displayFile, line: bodyLine + ref.line };
    const name = `photo ${JSON.stringify(ref.src)}`;
    if (!ref.standalone) {
      result.problems.push({
        ...where,
        message: `${name} must stand in a paragraph of its own (a blank line before and after it), so it can be a figure`,
      });
      continue;
    }
    if (ref.alt === undefined) {
      result.problems.push({
        ...where,
        message: `${name} has no alt text: describe it, ![What the photo shows](${ref.src}), or write ![""](${ref.src}) if it is purely decorative`,
      });
      continue;
    }
    jobs.push({
      ref,
      where: () => where,
      text: { alt: ref.alt, caption: ref.caption, lead: false },
      social: false,
      done: (html) => result.body.set(ref.token, html),
    });
  }

  await Promise.all(
    jobs.map(async (job, n) => {
      const problem = (message: string) => {
        const where = job.where();
        result.problems.push({
          ...where,
          message: where.field
            ? `${JSON.stringify(job.ref.src)} ${message}`
            : `photo ${JSON.stringify(job.ref.src)} ${message}`,
        });
      };
      const resolved = await resolvePhoto(
        job.ref.src,
        articleFile,
        context.contentDir,
        context.remote,
        context.displayRoot,
      );
      if (resolved.kind === "problem") {
        if (resolved.missing) result.dependencies.push(resolved.missing);
        return problem(resolved.message);
      }
      if (resolved.kind === "remote") {
        remote.set(n, resolved.url);
        return job.done(remoteFigureHtml(resolved.url, job.text).value);
      }
      result.dependencies.push(resolved.path);
      try {
        const photo = await context.cache.process(resolved.path, { social: job.social, maxPixels: context.maxPixels });
        result.files.push(...filesOf(photo));
        job.done(figureHtml(photo, job.text).value, photo);
      } catch (error) {
        problem(describe(error));
      }
    }),
  );
  result.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  result.remote = [...remote.keys()].sort((a, b) => a - b).map((n) => remote.get(n)!);
  return result;
}

/** A stamp of the photo files an article depends on: any change, appearance or removal shows. */
export async function dependencyStamp(paths: readonly string[]): Promise<string> {
  const stamps = await Promise.all(
    paths.map(async (p) => {
      try {
        return stampOf(await stat(p));
      } catch {
        return "-";
      }
    }),
  );
  return stamps.join("|");
}

/** A processed photo as templates see it. */
export interface ArticlePhoto {
  readonly alt: string;
  readonly caption?: string;
  /** The <figure> markup, produced by newsmirror: safe to insert. */
  readonly html: string;
  /** Site-root-relative URL and size of the largest fallback (JPEG/PNG) variant; absent for a linked remote photo. */
  readonly url?: string;
  readonly width?: number;
  readonly height?: number;
}

export interface SocialImage {
  /** Site-root-relative: `/photos/….jpg`; make it absolute with the site's baseUrl. */
  readonly url: string;
  readonly width: number;
  readonly height: number;
  readonly alt: string;
  readonly type: "image/jpeg";
}
