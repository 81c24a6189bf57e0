import { describe, expect, it } from "vitest";
import { isInstant, parseOffsetDateTime } from "../src/time/instant.ts";
import {
  formatUpdated,
  formatUpdatedLine,
  isoDay,
  monthNumber,
  monthTitle,
  publishDate,
  toOffsetIso,
  twoDigits,
} from "../src/time/format.ts";

const ms = (text: string) => {
  const parsed = parseOffsetDateTime(text);
  if (!isInstant(parsed)) throw new Error(parsed.error);
  return parsed.epochMs;
};

describe("the updated line", () => {
  it("reads like gov.cn: full month, day without leading zero, 24-hour time, source", () => {
    expect(formatUpdatedLine(ms("2021-07-28T07:01:00+08:00"), "Asia/Shanghai", "Xinhua")).toBe(
      "Updated: July 28, 2021 07:01 Xinhua",
    );
  });

  it("shows the site's time zone whatever offset the file was written in", () => {
    // 23:01 UTC on July 27 is 07:01 on July 28 in Beijing.
    expect(formatUpdated(ms("2021-07-27T23:01:00Z"), "Asia/Shanghai")).toBe("July 28, 2021 07:01");
    expect(formatUpdated(ms("2021-07-27T19:01:00-04:00"), "Asia/Shanghai")).toBe("July 28, 2021 07:01");
    expect(formatUpdated(ms("2021-07-28T07:01:00+08:00"), "Europe/London")).toBe("July 28, 2021 00:01");
  });

  it("pads hours and minutes but not the day", () => {
    expect(formatUpdated(ms("2021-03-05T00:05:00+08:00"), "Asia/Shanghai")).toBe("March 5, 2021 00:05");
  });
});

describe("gov.cn's publishdate meta", () => {
  it("is the publication time in the site's time zone, every part padded, seconds kept", () => {
    const published = { iso: "2021-03-04T23:05:09Z", epochMs: ms("2021-03-04T23:05:09Z") };
    expect(publishDate({ published }, "Asia/Shanghai")).toBe("2021-03-05 07:05:09");
    expect(publishDate({ published }, "UTC")).toBe("2021-03-04 23:05:09");
  });
});

describe("the pieces of a date", () => {
  it("pads to two digits, and writes a day as ISO 8601 does", () => {
    expect([twoDigits(0), twoDigits(7), twoDigits(12)]).toEqual(["00", "07", "12"]);
    expect(isoDay({ year: 2021, month: 7, day: 8 })).toBe("2021-07-08");
  });

  it("names an archive month in full", () => {
    expect(monthTitle(2021, 7)).toBe("July 2021");
    expect(monthTitle(1999, 12)).toBe("December 1999");
  });

  it("reads a month's full name or an abbreviation of three letters or more, in any case", () => {
    expect(["July", "jul", "JUL", "Sept", "september", "Nov"].map(monthNumber)).toEqual([7, 7, 7, 9, 9, 11]);
    expect(["Ju", "Juli", "Julyy", "Xyz", ""].map(monthNumber)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("reading `updated`", () => {
  it("accepts ISO 8601 with an offset or Z, seconds and fractions optional", () => {
    expect(ms("2021-07-28T07:01+08:00")).toBe(Date.UTC(2021, 6, 27, 23, 1));
    expect(ms("2021-07-28T07:01:30.5Z")).toBe(Date.UTC(2021, 6, 28, 7, 1, 30, 500));
  });

  it("keeps the text exactly as written", () => {
    const parsed = parseOffsetDateTime("2021-07-28T07:01:00+08:00");
    expect(isInstant(parsed) && parsed.iso).toBe("2021-07-28T07:01:00+08:00");
  });

  it.each([
    ["2021-07-28T07:01:00", "has no UTC offset (e.g. 2021-07-28T07:01:00+08:00)"],
    ["2021-07-28", "has no UTC offset"],
    ["July 28, 2021", "is not a date with a UTC offset (e.g. 2021-07-28T07:01:00+08:00)"],
    ["2021-02-30T07:01:00+08:00", "is not a real calendar date: February 2021 has 28 days"],
    ["2024-02-30T07:01:00+08:00", "is not a real calendar date: February 2024 has 29 days"],
    ["2021-13-01T07:01:00+08:00", "is not a real calendar date: months run from 01 to 12"],
    ["2021-07-28T24:01:00+08:00", "is not a real time of day: hours run from 00 to 23"],
  ])("refuses %s: %s", (text, reason) => {
    const parsed = parseOffsetDateTime(text);
    expect(isInstant(parsed)).toBe(false);
    expect((parsed as { error: string }).error).toContain(reason);
  });

  it("writes an instant back in the zone's own offset", () => {
    expect(toOffsetIso(Date.UTC(2021, 6, 27, 23, 1), "Asia/Shanghai")).toBe("2021-07-28T07:01:00+08:00");
    expect(toOffsetIso(Date.UTC(2021, 0, 1, 12), "America/New_York")).toBe("2021-01-01T07:00:00-05:00");
  });
});
