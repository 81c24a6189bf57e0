/**
 * The two reference pages written from the code rather than by hand:
 * docs/settings-reference.md from the settings schema (each setting's type,
 * default and `.describe()` text, src/settings/settings.ts) and
 * docs/commands.md from the command line's own definitions (each command's
 * summary, usage, options and examples, src/cli/). `npm run docs:generate`
 * writes them; tests/docs-reference.test.ts fails when a page differs from
 * what these functions return.
 */
import type { z } from "zod";
import { COMMANDS, commandHelp, help } from "../cli/cli.ts";
import { SiteSettingsSchema } from "../settings/settings.ts";

type Schema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  defaultValue?: unknown;
  shape?: Record<string, Schema>;
  element?: Schema;
  options?: Schema[];
  entries?: Record<string, string>;
  values?: unknown[];
  valueType?: Schema;
  format?: string;
  checks?: { _zod: { def: { check: string; format?: unknown; value?: number; inclusive?: boolean } } }[];
}

const defOf = (schema: Schema) => schema._zod.def as unknown as Def;
const descriptionOf = (schema: Schema) => (schema as unknown as { description?: string }).description;

/** A setting's schema with its wrappers (default, optional, pipes) looked through, and what they said. */
interface Setting {
  core: Schema;
  description?: string;
  /** The default as written in JSON; undefined: none (an optional setting), or an object's fields' own. */
  defaultValue?: unknown;
  hasDefault: boolean;
}

function unwrap(schema: Schema): Setting {
  let description: string | undefined;
  let defaultValue: unknown;
  let hasDefault = false;
  let current = schema;
  for (;;) {
    description ??= descriptionOf(current);
    const def = defOf(current);
    if ((def.type === "default" || def.type === "prefault") && !hasDefault) {
      hasDefault = true;
      defaultValue = def.defaultValue;
    }
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in && def.out)
      // A preprocessing or transforming step: the schema that checks the value.
      current = defOf(def.in).type === "transform" ? def.out : def.in;
    else return { core: current, ...(description ? { description } : {}), defaultValue, hasDefault };
  }
}

const json = (value: unknown) => JSON.stringify(value);
const code = (text: string) => `\`${text}\``;

/** What a setting's value is, in words: `text`, `whole number, 1 to 1000`, `{ text, href }` or `false`. */
function typeOf(schema: Schema): string {
  const def = defOf(schema);
  switch (def.type) {
    case "string":
      return def.format === "url" ? "address (http or https)" : "text";
    case "number": {
      // The checks as written (`_zod.bag` is filled only once a value is checked).
      const checks = (def.checks ?? []).map((check) => check._zod.def);
      const whole = checks.some((c) => c.check === "number_format" && String(c.format).includes("int"));
      const bound = (kind: string) => checks.find((c) => c.check === kind && c.inclusive)?.value;
      const [min, max] = [bound("greater_than"), bound("less_than")];
      const count = (n: number) => n.toLocaleString("en-US");
      const kind = whole ? "whole number" : "number";
      return min !== undefined && max !== undefined ? `${kind}, ${count(min)} to ${count(max)}` : kind;
    }
    case "boolean":
      return "`true` or `false`";
    case "enum":
      return Object.values(def.entries ?? {})
        .map((v) => code(json(v)))
        .join(" or ");
    case "literal":
      return (def.values ?? []).map((v) => code(json(v))).join(" or ");
    case "union":
      return (def.options ?? []).map((option) => typeOf(unwrap(option).core)).join(" or ");
    case "object":
      return code(`{ ${Object.keys(def.shape ?? {}).join(", ")} }`);
    case "array":
      return `list of ${typeOf(unwrap(def.element!).core)}`;
    case "record":
      return `object of names → ${typeOf(unwrap(def.valueType!).core)}`;
    default:
      return def.type;
  }
}

export interface SettingRow {
  /** Dotted, as messages name it: `footer.links[].href`. */
  name: string;
  type: string;
  /** The default, as JSON; undefined when there is none or an object's fields give it. */
  defaultValue?: string;
  description: string;
}

/** Every setting of site.json, in the schema's order, each object's fields after it. */
export function settingRows(): SettingRow[] {
  const rows: SettingRow[] = [];
  const missing: string[] = [];
  const visit = (shape: Record<string, Schema>, prefix: string) => {
    for (const [key, schema] of Object.entries(shape)) {
      const name = `${prefix}${key}`;
      const setting = unwrap(schema);
      const def = defOf(setting.core);
      const object = def.type === "object";
      if (!setting.description) missing.push(name);
      rows.push({
        name,
        type: typeOf(setting.core),
        ...(setting.hasDefault && !object ? { defaultValue: json(setting.defaultValue) } : {}),
        description: setting.description ?? "",
      });
      if (object) visit(def.shape ?? {}, `${name}.`);
      const element = def.type === "array" ? unwrap(def.element!).core : undefined;
      if (element && defOf(element).type === "object") visit(defOf(element).shape ?? {}, `${name}[].`);
    }
  };
  visit(defOf(unwrap(SiteSettingsSchema).core).shape ?? {}, "");
  if (missing.length > 0)
    throw new Error(`settings without a description (.describe() in src/settings/settings.ts): ${missing.join(", ")}`);
  return rows;
}

/** A table cell: no line breaks, `|` escaped (GitHub needs it escaped inside code too). */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

const GENERATED = (source: string) =>
  `Generated from ${source} by \`npm run docs:generate\`; a test fails when this page and the code disagree, so edit the code, not this page.`;

/** docs/settings-reference.md */
export function settingsReference(): string {
  const rows = settingRows().map(
    (row) =>
      `| ${cell(code(row.name))} | ${cell(row.type)} | ${row.defaultValue === undefined ? "" : cell(code(row.defaultValue))} | ${cell(row.description)} |`,
  );
  return `# Settings reference

Every setting \`content/site.json\` may hold, with its type, its default (the
value a setting left out takes) and what it does. A setting with fields lists
them after it; their defaults are its default. [Site settings](settings.md)
says how the file is read and checked.

${GENERATED("the settings schema (`src/settings/settings.ts`)")}

| setting | type | default | what it does |
| --- | --- | --- | --- |
${rows.join("\n")}
`;
}

/** docs/commands.md */
export function commandsReference(): string {
  const sections = COMMANDS.map(
    (command) => `## ${command.name}

${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.

\`\`\`text
${commandHelp(command).trimEnd()}
\`\`\`
`,
  );
  return `# Command reference

What \`newsmirror help\` and \`newsmirror help COMMAND\` print: each command's
synopsis, options and examples. [Building, previewing and checking](building.md)
explains the commands at work.

${GENERATED("the commands' definitions (`src/cli/cli.ts`, `src/cli/commands/`)")}

\`\`\`text
${help().trimEnd()}
\`\`\`

${sections.join("\n")}`;
}
