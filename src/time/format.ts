/**
 * Dates as newsmirror writes them, in one place: month names, zero padding,
 * gov.cn's info line (`Updated: July 28, 2021 07:01 Xinhua`) and its
 * publishdate meta (`2021-07-28 07:01:00`), and ISO 8601 with the zone's
 * offset. Every time is shown in a time zone (the site's), whatever offset
 * the article was written with.
 */
import { utcMs, wallClock, type Instant } from "./instant.ts";

export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** `7` → `07`. */
export function twoDigits(n: number): string {
  return String(n).padStart(2, "0");
}

/** `2021-07-28`: a calendar day as ISO 8601 writes it (the year as it is). */
export function isoDay(date: { year: number; month: number; day: number }): string {
  return `${date.year}-${twoDigits(date.month)}-${twoDigits(date.day)}`;
}

/** `July 2021`: an archive month's title. */
export function monthTitle(year: number, month: number): string {
  return `${MONTH_NAMES[month - 1]} ${year}`;
}

/** A month's number (1–12) from its English name or an abbreviation of 3 letters or more (`Jul`, `Sept`, `july`). */
export function monthNumber(name: string): number | undefined {
  if (name.length < 3) return undefined;
  const index = MONTH_NAMES.findIndex((full) => full.toLowerCase().startsWith(name.toLowerCase()));
  return index === -1 ? undefined : index + 1;
}

/**
 * The date part of gov.cn's info line: `July 28, 2021 07:01` — full month,
 * day without a leading zero, 24-hour HH:MM, in the site's time zone.
 */
export function formatUpdated(epochMs: number, timeZone: string): string {
  const w = wallClock(epochMs, timeZone);
  return `${MONTH_NAMES[w.month - 1]} ${w.day}, ${w.year} ${twoDigits(w.hour)}:${twoDigits(w.minute)}`;
}

/** `July 29, 2021`: a day as a correction notice dates it, in the site's time zone. */
export function formatDay(epochMs: number, timeZone: string): string {
  const w = wallClock(epochMs, timeZone);
  return `${MONTH_NAMES[w.month - 1]} ${w.day}, ${w.year}`;
}

/** The whole info line as a reader sees it: `Updated: July 28, 2021 07:01 Xinhua`. */
export function formatUpdatedLine(epochMs: number, timeZone: string, source: string): string {
  return `Updated: ${formatUpdated(epochMs, timeZone)} ${source}`;
}

/** gov.cn's publishdate meta: `2021-07-28 07:01:00`, the publication time in the site's time zone. */
export function publishDate(article: { published: Instant }, timeZone: string): string {
  const w = wallClock(article.published.epochMs, timeZone);
  return `${isoDay(w)} ${twoDigits(w.hour)}:${twoDigits(w.minute)}:${twoDigits(w.second)}`;
}

/** `2021-07-28T07:01:00+08:00` for an instant, in the offset the zone has at that moment. */
export function toOffsetIso(epochMs: number, timeZone: string): string {
  const w = wallClock(epochMs, timeZone);
  const asUtc = utcMs(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const offsetMinutes = Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return (
    `${isoDay(w)}T${twoDigits(w.hour)}:${twoDigits(w.minute)}:${twoDigits(w.second)}` +
    `${sign}${twoDigits(Math.floor(abs / 60))}:${twoDigits(abs % 60)}`
  );
}

/** www.gov.cn's date line: `2021-08-01 06:59`, minutes in the site's time zone. */
export function formatChineseDateTime(epochMs: number, timeZone: string): string {
  const w = wallClock(epochMs, timeZone);
  return `${isoDay(w)} ${twoDigits(w.hour)}:${twoDigits(w.minute)}`;
}

/** `2021年8月1日`: a day where Chinese pages use words for it. */
export function formatChineseDay(epochMs: number, timeZone: string): string {
  const w = wallClock(epochMs, timeZone);
  return `${w.year}年${w.month}月${w.day}日`;
}

/** www.gov.cn's firstpublishedtime and lastmodifiedtime metas: `2021-08-01-06:59:00`. */
export function chineseMetaTime(epochMs: number, timeZone: string): string {
  const w = wallClock(epochMs, timeZone);
  return `${isoDay(w)}-${twoDigits(w.hour)}:${twoDigits(w.minute)}:${twoDigits(w.second)}`;
}
