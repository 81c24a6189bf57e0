/**
 * The info line of a gov.cn article, in both templates' shapes:
 *   current:  `Updated: July 28, 2021 07:01 Xinhua`        (full month, 24-hour clock)
 *   older:    `Updated: Nov 20,2018 7:46 PM     Xinhua`     (abbreviated month, 12-hour clock)
 * Times on gov.cn are Beijing time, so the result carries +08:00.
 */
import { monthNumber, twoDigits } from "../time/format.ts";
import { parseOffsetDateTime, isInstant } from "../time/instant.ts";

const INFO_LINE =
  /^Updated:\s*(?<month>[A-Za-z]{3,9})\.?\s+(?<day>\d{1,2}),\s*(?<year>\d{4})\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?(?:\s*(?<ampm>[AaPp]\.?[Mm]\.?))?(?:\s+(?<source>.*?))?\s*$/;

export interface InfoLine {
  /** `2021-07-28T07:01:00+08:00` */
  updated: string;
  /** Empty when the line names none. */
  source: string;
}

/** Reads an info line, or explains why it is not one. */
export function parseInfoLine(text: string): InfoLine | { error: string } {
  const line = text.replace(/\s+/g, " ").trim();
  const m = INFO_LINE.exec(line);
  if (!m)
    return { error: `info line ${JSON.stringify(line.slice(0, 80))} is not "Updated: July 28, 2021 07:01 Source"` };
  const g = m.groups!;
  const month = monthNumber(g.month!);
  if (month === undefined) {
    return { error: `info line: ${JSON.stringify(g.month)} is not a month` };
  }
  let hour = Number(g.hour);
  if (g.ampm) {
    if (hour < 1 || hour > 12) return { error: `info line: ${g.hour} is not an hour on a 12-hour clock` };
    const pm = g.ampm[0]!.toLowerCase() === "p";
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const iso = `${g.year}-${twoDigits(month)}-${twoDigits(Number(g.day))}T${twoDigits(hour)}:${g.minute}:${g.second ?? "00"}+08:00`;
  const instant = parseOffsetDateTime(iso);
  if (!isInstant(instant)) return { error: `info line: ${instant.error}` };
  return { updated: iso, source: withoutWidgets(g.source ?? "") };
}

/** gov.cn's publishdate meta, `2021-07-28 07:01:00` in Beijing time → ISO 8601 with +08:00. */
export function parsePublishDate(text: string): string | undefined {
  const m = /^\s*(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?\s*$/.exec(text);
  if (!m) return undefined;
  const iso = `${m[1]}T${m[2]}${m[3] ?? ":00"}+08:00`;
  return isInstant(parseOffsetDateTime(iso)) ? iso : undefined;
}

/**
 * A source as read from a saved page, without the widgets gov.cn puts on the info line after it: the font size
 * buttons, the share links, print (`Xinhua Font size: A+ A A- Share - WeChat Facebook Twitter Print` is `Xinhua`),
 * and the Chinese page's `字号：大 中 小`, `分享到：`, `【打印】`.
 */
export function withoutWidgets(source: string): string {
  return source
    .replace(/\s*(?:\b(?:Font\s*size|Text\s*size|Share|Print)\b|字号|分享|打印|【).*$/is, "")
    .replace(/[\s:：|-]+$/, "")
    .trim();
}
