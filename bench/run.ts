/**
 * `npm run bench -- [part ...] [--quick] [--json FILE] [--markdown FILE] [--queries q1,q5] [--check]`
 *
 * Parts: `nexmark` (bench/nexmark) and any `bench/<part>.ts` or `bench/<part>/part.ts` module
 * exporting `runPart({ quick, log }): Promise<unknown>` (e.g. `checkpoint`); no part: all.
 * `--check` only runs each Nexmark query once over a small stream and reports whether it runs.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { emptyBatchMs } from './empty-batch.js';
import { checkQueries } from './nexmark/check-queries.js';
import { runNexmarkPart } from './nexmark/nexmark-part.js';
import { findSection, replaceSection } from './markdown-section.js';
import { benchmarksMarkdown, machine, resultsTable, targetsTable } from './report.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    markdown: { type: 'string' },
    queries: { type: 'string' },
    check: { type: 'boolean', default: false },
  },
});
const log = (line: string): void => void process.stdout.write(`${line}\n`);
/** npm runs the script inside bench/: output paths are relative to where `npm run` was typed */
const outputPath = (file: string): string => path.resolve(process.env['INIT_CWD'] ?? process.cwd(), file);

/** Modules of the other parts, found by name. */
function otherPartPath(part: string): string | null {
  for (const candidate of [path.join(HERE, `${part}.ts`), path.join(HERE, part, 'part.ts')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

const KNOWN_OTHER_PARTS = ['checkpoint'];
/** `checkpoint` -> `Checkpoint`: the heading of a part's section in BENCHMARKS.md. */
const sectionTitle = (part: string): string => part.charAt(0).toUpperCase() + part.slice(1);
const parts = positionals.length > 0 ? positionals : ['nexmark', ...KNOWN_OTHER_PARTS.filter((p) => otherPartPath(p))];
const queries = values.queries ? values.queries.split(',').map((q) => q.trim()) : null;
const startMachine = machine();
const output: Record<string, unknown> = { machine: startMachine };

for (const part of parts) {
  if (part === 'nexmark') {
    if (values.check) {
      await checkQueries(queries, log);
      continue;
    }
    log(`nexmark${values.quick ? ' (quick)' : ''}: ${(queries ?? ['all queries']).join(', ')}`);
    const { settings, results } = await runNexmarkPart({ quick: values.quick, queries }, log);
    const emptyMs = await emptyBatchMs();
    log(`\n${resultsTable(results)}\n\n${targetsTable(results, emptyMs)}\n`);
    output['results'] = results;
    output['empty_batch_ms'] = emptyMs;
    output['settings'] = settings;
    if (values.markdown) {
      const argv = process.argv.slice(2).join(' ');
      const previous = await readFile(outputPath(values.markdown), 'utf8').catch(() => '');
      // the sections other parts own stay as they were
      const kept = KNOWN_OTHER_PARTS.map((p) => findSection(previous, sectionTitle(p))).filter((t) => t !== '');
      await writeFile(outputPath(values.markdown), [benchmarksMarkdown({
        machine: startMachine, loadAtEnd: Math.round(os.loadavg()[0]! * 100) / 100, settings, results, emptyBatchMs: emptyMs, command: `npm run bench -- ${argv}`,
        date: new Date().toISOString().slice(0, 10),
      }), ...kept].join('\n'));
      log(`wrote ${values.markdown}`);
    }
    continue;
  }
  const modulePath = otherPartPath(part);
  if (!modulePath) {
    process.stderr.write(`unknown bench part '${part}'; parts: nexmark${KNOWN_OTHER_PARTS.map((p) => `, ${p}`).join('')}\n`);
    process.exit(2);
  }
  const module = (await import(pathToFileURL(modulePath).href)) as {
    runPart: (o: { quick: boolean; log: typeof log }) => Promise<unknown>;
    /** the part's `## <Title>` section of BENCHMARKS.md, for --markdown */
    markdownSection?: (result: never, command: string) => string;
  };
  const result = await module.runPart({ quick: values.quick, log });
  output[part] = result;
  if (values.markdown && module.markdownSection) {
    const file = outputPath(values.markdown);
    const section = module.markdownSection(result as never, `npm run bench -- ${process.argv.slice(2).join(' ')}`);
    await writeFile(file, replaceSection(await readFile(file, 'utf8').catch(() => ''), sectionTitle(part), section));
    log(`wrote the ${sectionTitle(part)} section of ${values.markdown}`);
  }
}

if (values.json) {
  await mkdir(path.dirname(outputPath(values.json)), { recursive: true });
  await writeFile(outputPath(values.json), `${JSON.stringify(output, null, 2)}\n`);
  log(`wrote ${values.json}`);
}
