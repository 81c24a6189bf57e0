import { describe, expect, it } from "vitest";
import { identificationLine, parseSettings, registrationLine } from "../src/site/settings.ts";

describe("site settings", () => {
  it("default to english.www.gov.cn's footer", () => {
    const site = parseSettings({});
    expect(site.timeZone).toBe("Asia/Shanghai");
    expect(identificationLine(site.footer)).toBe("Website Identification Code bm01000001");
    expect(registrationLine(site.footer)).toBe("Registration Number: 05070218");
    expect(site.footer.links.map((l) => l.text)).toEqual(["About us", "Contact us"]);
  });

  it("let another site word its footer its own way", () => {
    const site = parseSettings({
      footer: { identification: "网站标识码{code}", registration: "京ICP备{number}号", registrationNumber: "05070218" },
    });
    expect(`${identificationLine(site.footer)}　${registrationLine(site.footer)}`).toBe("网站标识码bm01000001　京ICP备05070218号");
  });

  it("give the base URL a trailing slash", () => {
    expect(parseSettings({ baseUrl: "https://example.org/mirror" }).baseUrl).toBe("https://example.org/mirror/");
  });

  it.each([
    [{ timeZone: "Mars/Olympus" }, "site.json: timeZone: is not an IANA time zone name (e.g. Asia/Shanghai)"],
    [{ baseUrl: "ftp://example.org/" }, "site.json: baseUrl:"],
    [{ footer: { copyright: 7 } }, "site.json: footer.copyright:"],
    [{ fotter: {} }, "site.json: (top level):"],
  ])("name the field that is wrong: %j", (raw, message) => {
    expect(() => parseSettings(raw)).toThrow(message);
  });
});
