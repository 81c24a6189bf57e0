/**
 * "Now" for a build: what decides which articles the Google News sitemap
 * holds. Settable so that builds are reproducible and testable: the
 * `--build-time` flag (ISO 8601 with an offset), else SOURCE_DATE_EPOCH (Unix
 * seconds, the reproducible-builds convention), else the real time.
 */
import { UsageError } from "../errors.ts";
import { isInstant, parseOffsetDateTime } from "../time/instant.ts";

export function resolveBuildTime(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  now = Date.now(),
): number {
  if (flag !== undefined) {
    const parsed = parseOffsetDateTime(flag);
    if (!isInstant(parsed)) throw new UsageError(`--build-time: ${parsed.error}`);
    return parsed.epochMs;
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== "") {
    if (!/^\d+$/.test(epoch))
      throw new UsageError(`SOURCE_DATE_EPOCH: "${epoch}" is not a number of seconds since 1970`);
    return Number(epoch) * 1000;
  }
  return now;
}
