/**
 * Remembers the reader's Mobile/Desktop choice across pages. Runs in <head>
 * so a remembered view applies before first paint; without script the radio
 * buttons still switch the view for the page at hand (CSS reads :checked).
 * On a phone, the desktop view also widens the layout viewport to the
 * desktop column, so the phone shows the whole page, zoomed out, as gov.cn's
 * desktop page would be, instead of a 960px column to scroll sideways.
 *
 * Kept in src/ rather than beside the page shell (templates/_components/page.ts
 * inlines it) because the site-wide policy a host sends as a header names its
 * hash too (src/security/csp.ts, src/site/host-config.ts), and src/ never
 * imports templates.
 */
export const VIEW_SWITCH_SCRIPT = [
  `(function(){var k="newsmirror-view",d=document.documentElement;`,
  `function set(v){if(v!=="mobile"&&v!=="desktop")return;d.setAttribute("data-view",v);`,
  `var m=document.querySelector('meta[name="viewport"]');if(m)m.setAttribute("content",v==="desktop"?"width=1000":"width=device-width, initial-scale=1")}`,
  `try{set(localStorage.getItem(k))}catch(e){}`,
  `document.addEventListener("change",function(e){var t=e.target;if(t&&t.name==="view"){set(t.value);try{localStorage.setItem(k,t.value)}catch(e){}}});`,
  `document.addEventListener("DOMContentLoaded",function(){var r=document.getElementById("view-"+d.getAttribute("data-view"));if(r)r.checked=true})})();`,
].join("");
