import path from "node:path";
import { build } from "../../build/build.ts";
import { readBuildOptions } from "../../build/options.ts";
import { terminalProgress } from "../../build/progress.ts";
import { setProgressListener } from "../../plugins/progress.ts";
import { CONTENT_OPTIONS, stringOption, type Command } from "../command.ts";

export const buildCommand: Command = {
  name: "build",
  summary: "build the site from a content folder",
  usage: `newsmirror build [--input DIR] [--output DIR] [--drafts]
  --input DIR    content folder (default: content)
  --output DIR   output folder (default: _site); replaced only when the whole build succeeds
  --drafts       include draft articles (never do this for a published site)`,
  options: { ...CONTENT_OPTIONS, output: { type: "string" }, drafts: { type: "boolean", default: false } },
  async run({ cwd, values }) {
    const options = readBuildOptions({ NEWSMIRROR_CONTENT: stringOption(values, "input") }, cwd);
    const outputDir = path.resolve(cwd, stringOption(values, "output") ?? "_site");
    // On a terminal, a build longer than two seconds shows pages written as it goes.
    const progress = process.stderr.isTTY ? terminalProgress(process.stderr) : undefined;
    setProgressListener(progress);
    let report;
    try {
      report = await build({ ...options, includeDrafts: values.drafts === true, outputDir });
    } finally {
      progress?.done();
      setProgressListener(undefined);
    }
    const rate = report.seconds > 0 ? Math.round(report.pagesWritten / report.seconds) : report.pagesWritten;
    process.stdout.write(
      `newsmirror: built ${report.pagesWritten} pages (${report.articles} articles) in ${report.seconds.toFixed(2)} s, ` +
        `${rate} pages/s → ${path.relative(cwd, outputDir) || "."}\n`,
    );
    return 0;
  },
};
