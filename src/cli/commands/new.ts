import path from "node:path";
import { UsageError } from "../../errors.ts";
import { CONTENT_OPTIONS, stringOption, type Command } from "../command.ts";
import { shown } from "../../characters.ts";
import { contentOptions } from "../folders.ts";

export const newCommand: Command = {
  name: "new",
  summary: "write a new article file with valid front matter",
  usage: `newsmirror new "Title" [--section S] [--dateline CITY] [--source NAME] [--input DIR]
  --section S      where the page lives, e.g. statecouncil/weifenghe
  --dateline CITY  opens the first paragraph, e.g. DUSHANBE
  --source NAME    the source on the info line (default: Xinhua)
  --input DIR      content folder (default: content)
Prints the path of the new file, written as a draft (draft: true) until you delete that line.`,
  options: {
    ...CONTENT_OPTIONS,
    section: { type: "string" },
    dateline: { type: "string" },
    source: { type: "string" },
  },
  takesArguments: true,
  examples: [
    {
      line: 'newsmirror new "Premier meets delegates" --section news',
      does: "content/news/premier-meets-delegates.md",
    },
    { line: 'newsmirror new "Talks open" --dateline DUSHANBE --source Xinhua', does: "with its dateline and source" },
  ],
  async run({ cwd, io, values, positionals }) {
    const title = positionals.join(" ").trim();
    if (!title)
      throw new UsageError('new: give the title, e.g. newsmirror new "Premier meets delegates" --section news');
    const options = contentOptions(values, cwd, io.env);
    const { newArticle } = await import("../../article/create.ts");
    const file = await newArticle({
      ...options,
      title,
      section: stringOption(values, "section"),
      dateline: stringOption(values, "dateline"),
      source: stringOption(values, "source"),
    });
    io.stdout.write(`${shown(path.relative(cwd, file))}\n`);
    io.stderr.write(
      "newsmirror: written as a draft: newsmirror serve shows it; delete its draft: true line to publish it\n",
    );
    return 0;
  },
};
