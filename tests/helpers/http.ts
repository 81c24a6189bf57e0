/** Helpers for tests that talk to a running dev server. */
import { get } from "node:http";

export interface PageResponse {
  status: number;
  body: string;
}

/** GET as a browser navigating to a page (node's fetch cannot say so): the dev server injects its reload script only then. */
export function navigate(url: string): Promise<PageResponse | undefined> {
  return new Promise((resolve) => {
    const request = get(url, { headers: { accept: "text/html", "sec-fetch-mode": "navigate" } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", () => resolve(undefined));
  });
}

/** Polls until `probe` gives a value, or fails after `seconds`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, seconds = 45): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
