import { wallClock } from "./instant.ts";

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/**
 * The date part of gov.cn's info line: `July 28, 2021 07:01` — full month,
 * day without a leading zero, 24-hour HH:MM, in the site's time zone.
 */
export function formatUpdated(epochMs: number, timeZone: string): string {
  const w = wallClock(epochMs, timeZone);
  const hh = String(w.hour).padStart(2, "0");
  const mm = String(w.minute).padStart(2, "0");
  return `${MONTHS[w.month - 1]} ${w.day}, ${w.year} ${hh}:${mm}`;
}

/** The whole info line as a reader sees it: `Updated: July 28, 2021 07:01 Xinhua`. */
export function formatUpdatedLine(epochMs: number, timeZone: string, source: string): string {
  return `Updated: ${formatUpdated(epochMs, timeZone)} ${source}`;
}
