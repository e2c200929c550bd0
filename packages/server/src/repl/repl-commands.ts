/**
 * The REPL's backslash commands, psql's habits: `\d`, `\d NAME`, `\dt`, `\dv`, `\timing`,
 * `\x`, `\i FILE`, `\q`, `\?`.
 */
import { readFile } from 'node:fs/promises';
import { formatTable, rowCountFooter } from '../cli/table-format.js';
import type { ObjectInfo, ObjectKind } from '../server/introspection.js';
import { splitStatements } from '../server/sql-splitter.js';
import { centredTitle } from './repl-output.js';

/** What a backslash command can do to the session. */
export interface CommandContext {
  out(text: string): void;
  err(text: string): void;
  objects(): Promise<ObjectInfo[]>;
  /** runs one SQL text as if typed */
  execute(sql: string): Promise<void>;
  timing: boolean;
  expanded: boolean;
}

/** The outcome: go on, or leave the REPL. */
export type CommandOutcome = 'continue' | 'quit';

const KIND_NAMES: Record<ObjectKind, string> = {
  source: 'source', table: 'table', 'materialized-view': 'materialized view', view: 'view', sink: 'sink',
};

const TITLES: Record<ObjectKind, string> = {
  source: 'Source', table: 'Table', 'materialized-view': 'Materialized view', view: 'View', sink: 'Sink',
};

/** The `\?` text. */
export const HELP_TEXT = `General
  \\q                     quit sluice
  \\?                     show this help

Query buffer and input
  \\i FILE                execute statements from FILE
  Statements end with ';' and may span several lines. Ctrl-C cancels a running query
  (a continuous query runs until cancelled) or clears the statement being typed.

Informational
  \\d                     list sources, tables, views, materialized views and sinks
  \\d NAME                describe the columns of NAME
  \\dt                    list tables
  \\dv                    list views and materialized views

Formatting
  \\x [on|off]            toggle expanded output
  \\timing [on|off]       toggle timing of statements
`;

/** Runs the backslash command `line` (it starts with `\`). */
export async function runCommand(line: string, ctx: CommandContext): Promise<CommandOutcome> {
  const [command = '', ...args] = line.trim().slice(1).split(/\s+/);
  const arg = args.join(' ');
  switch (command) {
    case 'q':
    case 'quit':
      return 'quit';
    case '?':
      ctx.out(HELP_TEXT);
      return 'continue';
    case 'd':
      if (arg === '') await listObjects(ctx, () => true);
      else await describeObject(ctx, unquote(arg));
      return 'continue';
    case 'dt':
      await listObjects(ctx, (o) => o.kind === 'table');
      return 'continue';
    case 'dv':
      await listObjects(ctx, (o) => o.kind === 'view' || o.kind === 'materialized-view');
      return 'continue';
    case 'timing':
      ctx.timing = toggle(arg, ctx.timing);
      ctx.out(`Timing is ${ctx.timing ? 'on' : 'off'}.\n`);
      return 'continue';
    case 'x':
      ctx.expanded = toggle(arg, ctx.expanded);
      ctx.out(`Expanded display is ${ctx.expanded ? 'on' : 'off'}.\n`);
      return 'continue';
    case 'i':
    case 'include':
      await includeFile(ctx, arg);
      return 'continue';
    default:
      ctx.err(`invalid command \\${command}\nTry \\? for help.\n`);
      return 'continue';
  }
}

function toggle(arg: string, current: boolean): boolean {
  if (/^(on|true|1)$/i.test(arg)) return true;
  if (/^(off|false|0)$/i.test(arg)) return false;
  return !current;
}

function unquote(name: string): string {
  return /^".*"$/.test(name) ? name.slice(1, -1).replace(/""/g, '"') : name;
}

async function listObjects(ctx: CommandContext, keep: (o: ObjectInfo) => boolean): Promise<void> {
  const objects = (await ctx.objects()).filter(keep).sort((a, b) => a.name.localeCompare(b.name));
  if (objects.length === 0) {
    ctx.err('Did not find any relations.\n');
    return;
  }
  const lines = formatTable([{ header: 'Name', alignRight: false }, { header: 'Type', alignRight: false }], objects.map((o) => [o.name, KIND_NAMES[o.kind]]));
  ctx.out(`${centredTitle('List of relations', lines)}\n${lines.join('\n')}\n${rowCountFooter(objects.length)}\n\n`);
}

async function describeObject(ctx: CommandContext, name: string): Promise<void> {
  const objects = await ctx.objects();
  const object = objects.find((o) => o.name === name) ?? objects.find((o) => o.name.toLowerCase() === name.toLowerCase());
  if (!object) {
    ctx.err(`Did not find any relation named "${name}".\n`);
    return;
  }
  const lines = formatTable(
    ['Column', 'Type', 'Key', 'Watermark'].map((header) => ({ header, alignRight: false })),
    object.columns.map((c) => [c.name, c.type, c.primaryKey ? 'primary key' : null, c.watermark]),
  );
  ctx.out(`${centredTitle(`${TITLES[object.kind]} "${object.name}"`, lines)}\n${lines.join('\n')}\n\n`);
}

async function includeFile(ctx: CommandContext, path: string): Promise<void> {
  if (path === '') {
    ctx.err('\\i: missing required argument\n');
    return;
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    ctx.err(`${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (error as Error).message}\n`);
    return;
  }
  for (const slice of splitStatements(text)) await ctx.execute(`${slice.sql};`);
}
