/**
 * wallClock() caches each zone's offset per UTC day; it must still give
 * Intl's answer for every instant, including the days clocks change.
 */
import { describe, expect, it } from "vitest";
import { wallClock } from "../src/time/instant.ts";

const formats = new Map<string, Intl.DateTimeFormat>();

function intlWallClock(epochMs: number, timeZone: string) {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(epochMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The zone's offset from UTC at an instant, in ms, by Intl. */
function offsetAt(epochMs: number, timeZone: string): number {
  const w = intlWallClock(epochMs, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(epochMs / 1000) * 1000;
}

const ZONES = [
  "Asia/Shanghai",
  "UTC",
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe",
  "Africa/Casablanca",
  "Asia/Kathmandu",
  "Pacific/Apia",
  "America/St_Johns",
];

describe("wallClock", () => {
  it("agrees with Intl across zones, years and clock changes", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const changes = new Map<string, number>();
    for (const zone of ZONES) {
      for (let i = 0; i < 1500; i++) {
        // 1900–2040, and a dense run of minutes through 2021 to land on every change.
        const epochMs =
          i < 500
            ? Math.floor(-2208988800000 + rand() * 4418064000000)
            : Date.UTC(2021, 0, 1) + Math.floor(rand() * 365 * 48) * 1_800_000 + (i % 60) * 1000;
        expect(wallClock(epochMs, zone), `${zone} ${new Date(epochMs).toISOString()}`).toEqual(
          intlWallClock(epochMs, zone),
        );
      }
      // Around every 2021 change of the zone's offset, to the minute: the days it changes on, then the hour.
      for (let day = Date.UTC(2021, 0, 1); day < Date.UTC(2022, 0, 1); day += DAY) {
        if (offsetAt(day, zone) === offsetAt(day + DAY, zone)) continue;
        for (let t = day; t < day + DAY; t += HOUR) {
          if (offsetAt(t, zone) === offsetAt(t + HOUR, zone)) continue;
          changes.set(zone, (changes.get(zone) ?? 0) + 1);
          for (const m of [-90, -61, -30, -1, 0, 1, 30, 59, 61, 90]) {
            const e = t + HOUR + m * 60_000;
            expect(wallClock(e, zone), `${zone} ${new Date(e).toISOString()}`).toEqual(intlWallClock(e, zone));
          }
        }
      }
    }
    // The scan finds the changes: New York's clocks changed twice in 2021 (March 14, November 7), Shanghai's never.
    expect([changes.get("America/New_York"), changes.get("Asia/Shanghai")]).toEqual([2, undefined]);
  });
});
