/**
 * An error that crosses a process or thread boundary (the dev server's
 * builder process, a worker thread) keeps its kind, so it is reported as it
 * would have been where it was thrown (toWire and fromWire, src/errors.ts).
 */
import { describe, expect, it } from "vitest";
import { errorReport } from "../src/error-report.ts";
import { ContentError, NewsmirrorError, UsageError, fromWire, toWire } from "../src/errors.ts";
import { ImportError } from "../src/import/model.ts";

const cwd = "/home/editor/mirror";

function systemError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, ${syscall} '${file}'`), { code, errno: -1, syscall, path: file });
}

/** As Eleventy wraps an error thrown below it. */
function wrapped(error: unknown): Error {
  return Object.assign(new Error("Having trouble writing to './_site/index.html'"), { originalError: error });
}

const ERRORS: [string, unknown][] = [
  [
    "content problems",
    new ContentError([{ file: "content/a.md", line: 2, field: "title", message: "must not be empty" }]),
  ],
  ["a usage error", new UsageError("--output content: is the content folder", { cause: new Error("refused") })],
  [
    "one of ours, wrapped",
    wrapped(new ImportError("photo a.jpg cannot be read", { cause: systemError("EACCES", "open", `${cwd}/a.jpg`) })),
  ],
  ["a file-system error", wrapped(systemError("ENOSPC", "write", `${cwd}/_site/index.html`))],
  [
    "a bug",
    new Error("the page writer stopped", {
      cause: new TypeError("Cannot read properties of undefined (reading 'url')"),
    }),
  ],
];

describe.each([
  ["a process (IPC's JSON)", (error: unknown) => fromWire(JSON.parse(JSON.stringify(toWire(error))))],
  ["a thread (a structured clone)", (error: unknown) => fromWire(structuredClone(toWire(error)))],
])("an error sent to %s", (_how, send) => {
  it.each(ERRORS)("is reported as where it was thrown: %s", (_what, error) => {
    for (const verbose of [false, true])
      expect(errorReport(send(error), { verbose, cwd })).toEqual(errorReport(error, { verbose, cwd }));
  });

  it("keeps its class, its problems and its causes", () => {
    const content = send(
      new ContentError([{ file: "content/site.json", line: 3, message: "invalid JSON" }], { cause: new Error("x") }),
    );
    expect(content).toBeInstanceOf(ContentError);
    expect((content as ContentError).problems).toEqual([
      { file: "content/site.json", line: 3, message: "invalid JSON" },
    ]);
    expect(send(new UsageError("--port: x is not a port number"))).toMatchObject({ exitCode: 2, name: "UsageError" });
    const ours = send(new ImportError("is not a file", { cause: systemError("EISDIR", "read", "/a") }));
    expect([ours instanceof NewsmirrorError, ours.name, ours.message]).toEqual([true, "ImportError", "is not a file"]);
    expect(ours.cause).toMatchObject({
      message: "EISDIR: failed, read '/a'",
      code: "EISDIR",
      syscall: "read",
      path: "/a",
    });
    expect(send(new TypeError("bug"))).not.toBeInstanceOf(NewsmirrorError);
  });
});
