/**
 * The page shell every page shares: head, header (App link, logo), the
 * desktop footer, the Mobile/Desktop switch and the mobile footer, in the
 * order english.www.gov.cn has them. A page in Chinese (its `lang`) takes
 * www.gov.cn's shell instead: its header link and its three footer lines
 * (settings `chinese`), one footer for every screen, as www.gov.cn has.
 * All text comes from site settings.
 */
import { html, trusted, type HtmlValue, type SafeHtml } from "../../src/html.ts";
import {
  chineseFooterLines,
  identificationLine,
  registrationLine,
  type SiteSettings,
} from "../../src/settings/settings.ts";
import { isChinese } from "../../src/site/words.ts";
import { VIEW_SWITCH_SCRIPT } from "../../src/view-switch.ts";
import { contentSecurityPolicy } from "../../src/security/csp.ts";
import { PAGE_IDS } from "../../src/page-ids.ts";
import { logoPath } from "../../src/site/logo.ts";

export type { SiteData } from "../../src/site/page-data.ts";

export interface PageParts {
  site: SiteSettings;
  title: string;
  lang?: string;
  /** Extra tags for <head> (metadata); markup we produced. */
  head?: HtmlValue;
  main: SafeHtml;
  /** Class on <main>, for page-type styling. */
  kind: string;
  /** Script sources beyond our inline ones (`'self'` for a page loading /assets/*.js); see src/security/csp.ts. */
  scriptSources?: readonly string[];
  /** Image sources beyond the site's own (`data:` for a widget's inline icons). */
  imageSources?: readonly string[];
  /** Turns a site path into this page's href (base-URL prefix, relative mode): src/site/urls.ts. */
  link?: (sitePath: string) => string;
  /** A page for the dev server: its policy admits the live-reload script (src/security/csp.ts). */
  dev: boolean;
  /** Show the site's menu (settings `menu`) in the header: listing pages do, article pages when `menu.onArticles`. */
  menu?: boolean;
}

/** The site's menu: its site paths linked as every internal link is, its http(s) addresses as written. */
function siteMenu(site: SiteSettings, link: (sitePath: string) => string): SafeHtml | "" {
  const items = site.menu.items;
  if (items.length === 0) return "";
  return html`<nav class="menu" aria-label="Menu"><ul class="menu__items">${items.map(
    (item) => html`<li><a href="${item.url.startsWith("/") ? link(item.url) : item.url}">${item.label}</a></li>`,
  )}</ul></nav>
`;
}

function joined(parts: HtmlValue[], separator: string): HtmlValue[] {
  return parts.flatMap((part, i) => (i === 0 ? [part] : [separator, part]));
}

/** The copyright and the links on one line; nothing when a site has neither. */
function linksLine(copyright: string, links: readonly SiteSettings["footer"]["links"][number][], separator: string) {
  const parts: HtmlValue[] = [
    ...(copyright ? [copyright] : []),
    ...links.map((l) => html`<a href="${l.href}">${l.text}</a>`),
  ];
  return parts.length === 0 ? "" : html`<div class="footer__links">${joined(parts, separator)}</div>\n`;
}

/** A line of registration codes, left out when a site has none (a site of its own has no gov.cn numbers). */
function codesLine(...lines: string[]): SafeHtml | "" {
  const shown = lines.filter(Boolean);
  return shown.length === 0 ? "" : html`<div class="footer__codes">${shown.join(" ")}</div>\n`;
}

function desktopFooter(site: SiteSettings): SafeHtml {
  const f = site.footer;
  const identification = identificationLine(f);
  const registration = registrationLine(f);
  const codes =
    identification && registration
      ? html`<div class="footer__codes">${identification}${f.registrationSeparator}${registration}</div>\n`
      : codesLine(identification, registration);
  return html`<footer class="footer footer--desktop">
<div class="column">
${linksLine(f.copyright, f.links, f.linkSeparator)}${codes}${f.rights.map((line) => html`<p class="footer__rights">${line}</p>`)}
</div>
</footer>`;
}

function mobileFooter(site: SiteSettings): SafeHtml {
  const f = site.footer;
  return html`<footer class="footer footer--mobile">
${linksLine(
  f.copyright,
  f.links.filter((l) => l.mobile),
  f.linkSeparator,
)}${codesLine(identificationLine(f))}${codesLine(registrationLine(f))}</footer>`;
}

/** Radio buttons work with script off (CSS reads :checked); the script only remembers the choice. */
function viewSwitch(site: SiteSettings): SafeHtml {
  const v = site.viewSwitch;
  return html`<div class="view-switch" role="radiogroup" aria-label="${v.label}">
<div class="view-switch__option"><input type="radio" name="view" id="${PAGE_IDS.viewMobile}" value="mobile"><label for="${PAGE_IDS.viewMobile}">${v.mobile}</label></div>
<div class="view-switch__option"><input type="radio" name="view" id="${PAGE_IDS.viewDesktop}" value="desktop"><label for="${PAGE_IDS.viewDesktop}">${v.desktop}</label></div>
</div>`;
}

/** The footers and view switch are the same on every page of a build: made once per settings object (issue 8). */
const pageEnds = new WeakMap<SiteSettings, SafeHtml>();

function pageEnd(site: SiteSettings): SafeHtml {
  let end = pageEnds.get(site);
  if (!end)
    pageEnds.set(
      site,
      (end = html`${desktopFooter(site)}
${viewSwitch(site)}
${mobileFooter(site)}`),
    );
  return end;
}

/** www.gov.cn's footer: its lines (settings `chinese.footer`), made once per settings object as the English one is. */
const chineseEnds = new WeakMap<SiteSettings, SafeHtml>();

function chineseFooter(site: SiteSettings): SafeHtml {
  let end = chineseEnds.get(site);
  if (!end)
    chineseEnds.set(
      site,
      (end = html`<footer class="footer footer--zh">
<div class="column">
${chineseFooterLines(site).map((line) => html`<p class="footer__line">${line}</p>`)}
</div>
</footer>`),
    );
  return end;
}

export function page(parts: PageParts): string {
  const { site } = parts;
  const link = parts.link ?? ((sitePath: string) => sitePath);
  const lang = parts.lang ?? site.language;
  const chinese = isChinese(lang);
  const app = chinese ? site.chinese.app : site.header.app;
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ inlineScripts: [VIEW_SWITCH_SCRIPT], scriptSources: parts.scriptSources, imageSources: parts.imageSources, dev: parts.dev })}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${parts.title}</title>
${parts.head}
<link rel="stylesheet" href="${link("/assets/site.css")}">
<link rel="icon" href="${link("/assets/favicon.svg")}" type="image/svg+xml">
<script>${trusted(VIEW_SWITCH_SCRIPT)}</script>
</head>
<body>
<header class="header">
<div class="column header__bar">
${
  site.logo
    ? html`<a class="header__logo header__logo--own" href="${link("/")}"><img src="${link(logoPath(site.logo))}" alt="${site.logo.alt}" height="60"></a>`
    : html`<a class="header__logo" href="${link("/")}"><img src="${link(chinese ? "/assets/logo-zh.svg" : "/assets/logo.svg")}" alt="${chinese ? site.chinese.logoAlt : site.header.logoAlt}" width="330" height="60"></a>`
}
${app ? html`<a class="header__app" href="${app.href}">${app.text}</a>\n` : ""}</div>
${parts.menu ? siteMenu(site, link) : ""}</header>
<main class="column ${parts.kind}">
${parts.main}
</main>
${chinese ? chineseFooter(site) : pageEnd(site)}
</body>
</html>
`.value;
}
