import { describe, expect, it } from "vitest";
import { escapeHtml, escapeMarkup, html, trusted } from "../src/html.ts";
import { escapeXml } from "../src/site/xml.ts";

const HOSTILE = `"><script>alert('x')</script>&amp;`;

describe("escaping, one table for HTML and XML", () => {
  it("writes HTML's five specials as entities, ' as &#39; (HTML 4 has no &apos;)", () => {
    expect(escapeHtml(HOSTILE)).toBe("&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;");
  });

  it("writes ' as &apos; in XML, and drops the characters XML forbids", () => {
    expect(escapeXml(HOSTILE)).toBe("&quot;&gt;&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;amp;");
    expect(escapeXml("a\u0001b\uFFFEc")).toBe("abc");
  });

  it("escapes only & and < for an XML attribute whose serialiser quotes it", () => {
    expect(escapeMarkup(`R&D <b> "x" 'y' >`, "xml-amp-lt")).toBe(`R&amp;D &lt;b> "x" 'y' >`);
  });

  it("leaves everything else as it is, non-ASCII included", () => {
    const plain = "China’s 中文 — café\u00a0x";
    for (const mode of ["html", "xml", "xml-amp-lt"] as const) expect(escapeMarkup(plain, mode)).toBe(plain);
  });

  it("escapes every value an html`` template interpolates, but not trusted markup", () => {
    expect(html`<h1>${HOSTILE}</h1>${trusted("<br>")}`.toString()).toBe(`<h1>${escapeHtml(HOSTILE)}</h1><br>`);
  });
});
