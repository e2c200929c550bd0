/**
 * `npm run conformance -- <suite folder> [--skip-list FILE] [--output FILE]`
 *
 * Runs an external sqllogictest suite with the skip list (default tests/conformance-skips.txt)
 * and writes the conformance page (default docs/conformance.md). Exits 0 when the run
 * completed, whatever the pass rate: the page is the result. Column counts are not checked
 * against the type letters of `query` records, as sqllogictest-rs (the suite's own runner) does
 * not check them either.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSltArgs, userCwd } from './cli-args.js';
import { collectSltFiles } from './runner/collect-files.js';
import { conformancePage } from './runner/conformance-page.js';
import { failureLines, fileLine, totalsLine } from './runner/report.js';
import { runSuite } from './runner/run-suite.js';
import { SkipList } from './runner/skip-list.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<number> {
  const args = parseSltArgs(process.argv.slice(2));
  const suiteRoot = args.paths[0];
  if (args.help || suiteRoot === undefined || args.paths.length > 1) {
    console.log('usage: npm run conformance -- <suite folder> [--skip-list FILE] [--output FILE] [--verbose] [--timeout MS]');
    return args.help ? 0 : 2;
  }
  const skipListFile = args.skipList ?? path.join(repoRoot, 'tests', 'conformance-skips.txt');
  const output = args.output ?? path.join(repoRoot, 'docs', 'conformance.md');
  const skipList = SkipList.read(skipListFile);
  const baseDir = userCwd();
  const suite = await runSuite(collectSltFiles([suiteRoot]), { recordTimeoutMs: args.recordTimeoutMs, skipList, checkColumnCount: false }, (result) => {
    console.log(fileLine(result, baseDir, args.verbose));
    if (args.verbose) for (const line of failureLines(result, { baseDir, showFailures: true })) console.log(line);
  });
  console.log(totalsLine(suite.counts));
  const page = conformancePage(suite, {
    suiteRoot,
    suiteArgument: path.relative(repoRoot, suiteRoot).split(path.sep).join('/'),
    skipListName: path.relative(repoRoot, skipListFile).split(path.sep).join('/'),
  });
  writeFileSync(output, page);
  console.log(`wrote ${path.relative(baseDir, output)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
