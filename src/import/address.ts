/**
 * Section and id from a gov.cn address or a saved file's path:
 *   /statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html → statecouncil/weifenghe, 61009037c6d0df57f98ddaf8
 *   http://english.gov.cn/news/top_news/2018/11/20/content_281476398405226.htm → news/top_news (the old numeric id is not a gov.cn id)
 *   http://www.gov.cn/guowuyuan/2021-07/22/content_5626689.htm → guowuyuan, 5626689 (www.gov.cn's 7-digit manuscriptId)
 *   http://www.gov.cn/zhengce/content/202107/22/content_5626689.htm → zhengce/content, 5626689 (policy documents)
 * Only text that passes the same rules as the front-matter schema comes out,
 * so nothing derived here can name a folder outside the content folder.
 */
const SEGMENT = /^[a-z0-9][a-z0-9_-]*$/;
const CURRENT = /^(?<section>.*?)\/?(?<ym>\d{6})\/(?<d>\d{2})\/content_WS(?<id>[0-9a-f]{24})\.(?:html?|txt)$/;
const OLDER = /^(?<section>.*?)\/?(?<y>\d{4})\/(?<m>\d{2})\/(?<d>\d{2})\/content_\d+\.(?:html?|txt)$/;
const BARE = /(?:^|\/)content_WS(?<id>[0-9a-f]{24})\.(?:html?|txt)$/;
/** www.gov.cn (Chinese): `YYYY-MM/DD/content_{manuscriptId}.htm`, the id 7 digits. */
const CHINESE = /^(?<section>.*?)\/?(?<y>\d{4})-(?<m>\d{2})\/(?<d>\d{2})\/content_(?<id>\d{7})\.(?:html?|txt)$/;
/** www.gov.cn's policy documents: `zhengce/content/YYYYMM/…` (the day folder may be left out). */
const CHINESE_POLICY = /^(?<section>.*?)\/?(?<ym>\d{6})\/(?:(?<d>\d{2})\/)?content_(?<id>\d{7})\.(?:html?|txt)$/;
const CHINESE_BARE = /(?:^|\/)content_(?<id>\d{7})\.(?:html?|txt)$/;
const GOVCN_HOST = /^(?:[a-z0-9-]+\.)*gov\.cn$/i;

export interface PageAddress {
  section?: string;
  id?: string;
  /** `YYYY-MM-DD` from the address's date folders, when it has them. */
  date?: string;
}

/**
 * The path part that names the page on gov.cn: a URL's path, or what follows
 * a gov.cn host folder in a saved path (`…/english.www.gov.cn/statecouncil/…`),
 * or the path relative to the folder being imported.
 */
export function addressPath(location: string): string {
  const slashed = location.replace(/\\/g, "/");
  try {
    const url = new URL(slashed);
    if (url.protocol === "http:" || url.protocol === "https:") return decodeURIComponent(url.pathname);
  } catch {
    // not a URL: a file path
  }
  const parts = slashed.split("/");
  const host = parts.findLastIndex((part) => GOVCN_HOST.test(part));
  return (host === -1 ? parts : parts.slice(host + 1)).join("/");
}

/**
 * The host of a page address that is not on gov.cn (`example.com` for
 * `https://example.com/news/…`); undefined for a gov.cn address or a file path.
 */
export function foreignHost(location: string): string | undefined {
  try {
    const url = new URL(location);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    return GOVCN_HOST.test(url.hostname) ? undefined : url.hostname;
  } catch {
    return undefined;
  }
}

export function parseAddress(location: string): PageAddress {
  const pathPart = addressPath(location).replace(/^\/+/, "");
  const current = CURRENT.exec(pathPart);
  if (current) {
    const { section, ym, d, id } = current.groups!;
    return { ...sectionOf(section!), id, date: `${ym!.slice(0, 4)}-${ym!.slice(4)}-${d}` };
  }
  const older = OLDER.exec(pathPart);
  if (older) {
    const { section, y, m, d } = older.groups!;
    return { ...sectionOf(section!), date: `${y}-${m}-${d}` };
  }
  const chinese = CHINESE.exec(pathPart);
  if (chinese) {
    const { section, y, m, d, id } = chinese.groups!;
    return { ...sectionOf(section!), id, date: `${y}-${m}-${d}` };
  }
  const policy = CHINESE_POLICY.exec(pathPart);
  if (policy) {
    const { section, ym, d, id } = policy.groups!;
    return { ...sectionOf(section!), id, ...(d ? { date: `${ym!.slice(0, 4)}-${ym!.slice(4)}-${d}` } : {}) };
  }
  const bare = BARE.exec(pathPart) ?? CHINESE_BARE.exec(pathPart);
  return bare ? { id: bare.groups!.id } : {};
}

function sectionOf(text: string): { section?: string } {
  const segments = text.split("/").filter(Boolean);
  if (segments.length === 0) return {};
  // A path that is not a plain gov.cn section (a user's own folders, say) gives no section rather than a wrong one.
  return segments.every((s) => SEGMENT.test(s)) ? { section: segments.join("/") } : {};
}

/** Whether an id is www.gov.cn's (Chinese) 7-digit manuscriptId rather than english.www.gov.cn's 24 hex digits. */
export function isManuscriptId(id: string): boolean {
  return /^\d{7}$/.test(id);
}

/** The Unix seconds an english.www.gov.cn id starts with, as milliseconds (a manuscriptId carries no time). */
export function idTimeMs(id: string): number {
  return Number.parseInt(id.slice(0, 8), 16) * 1000;
}
