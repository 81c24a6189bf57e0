/**
 * `newsmirror COMMAND`, the process: runs the command line (src/cli/cli.ts)
 * and reports a failure (src/error-report.ts): one line for anything a user can
 * cause, a stack trace only for a bug in newsmirror, and only with --verbose.
 */
import { main } from "./cli.ts";
import { errorReport } from "../error-report.ts";

// A reader that closes our output early (`newsmirror build | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const argv = process.argv.slice(2);
const reportOptions = () => ({ verbose: argv.includes("--verbose") || argv.includes("-v"), cwd: process.cwd() });

// An error no command caught (a rejected promise inside Eleventy on a full disk) is reported the same way, then ends the process as Node would.
process.on("uncaughtException", (error) => {
  const { exitCode, text } = errorReport(error, reportOptions());
  process.stderr.write(text);
  process.exit(exitCode);
});

try {
  const code = await main(argv);
  if (code !== "running") process.exitCode = code;
} catch (error) {
  const { exitCode, text } = errorReport(error, reportOptions());
  process.stderr.write(text);
  process.exitCode = exitCode;
}
