// One layout with the visible text of a newsmirror article page: header link,
// title, info line, body (dateline prefixed), both footers, the view switch.
const MONTHS = [
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
];
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `July 28, 2021 07:01` from the front matter's `updated` (js-yaml reads it as a Date), in Beijing time. */
function updatedText(updated) {
  const d = new Date(new Date(updated).getTime() + 8 * 3600_000);
  const p = (n) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

export function page(data) {
  const body = data.dateline ? data.content.replace("<p>", `<p>${escapeHtml(data.dateline)} \u2014 `) : data.content;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(data.title)}</title>
<meta name="source" content="${escapeHtml(data.source)}"></head>
<body>
<header><a href="https://english.www.gov.cn/mobile/">App</a></header>
<main><article>
<div class="Artical_Title"><h1>${escapeHtml(data.title)}</h1></div>
<div class="Artical_Info">Updated: ${updatedText(data.updated)} ${escapeHtml(data.source)}</div>
<div class="Artical_Content">
${body}</div>
</article></main>
<footer><div>Copyright© www.gov.cn | <a href="https://english.www.gov.cn/aboutus.htm">About us</a> | <a href="https://english.www.gov.cn/contactus.htm">Contact us</a></div>
<div>Website Identification Code bm01000001 Registration Number: 05070218</div>
<p>All rights reserved. The content (including but not limited to text, photo, multimedia information, etc) published in this site belongs to www.gov.cn.</p>
<p>Without written authorization from www.gov.cn, such content shall not be republished or used in any form.</p></footer>
<div><label>Mobile</label></div><div><label>Desktop</label></div>
<footer><div>Copyright© www.gov.cn | <a href="https://english.www.gov.cn/contactus.htm">Contact us</a></div>
<div>Website Identification Code bm01000001</div><div>Registration Number: 05070218</div></footer>
</body>
</html>
`;
}
