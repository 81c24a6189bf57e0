import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run","--disable-quic"] });
const page = await browser.newPage();
await page.goto("http://127.0.0.1:18705/statecouncil/weifenghe/202107/28/content_WS61009037c6d0df57f98ddaf8.html");
await page.pdf({ path: "/tmp/issue7/seed.pdf", format: "A4", preferCSSPageSize: true });
await browser.close();
