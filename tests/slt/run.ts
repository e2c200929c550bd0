/**
 * `npm run slt -- <files or folders> [--skip-list FILE] [--verbose] [--timeout MS]`
 *
 * Runs sqllogictest files against Sluice and prints one line per file and a closing
 * `N passed, M failed, K skipped`. Exits 1 when a record failed (skipped records do not count).
 */
import { parseSltArgs, userCwd } from './cli-args.js';
import { collectSltFiles } from './runner/collect-files.js';
import { failureLines, fileLine, totalsLine } from './runner/report.js';
import { runSuite } from './runner/run-suite.js';
import { SkipList } from './runner/skip-list.js';

const USAGE = `usage: npm run slt -- <files or folders>... [--skip-list FILE] [--verbose] [--timeout MS]

  folders are searched recursively for *.slt files (*.slt.part run only through include)
  --skip-list FILE   records out of scope: lines 'path' or 'path:line', then '# reason'
  --verbose, -v      show the first failures of every failing file (default when <= 3 files)
  --timeout MS       how long one record may take (default 10000)
  --no-column-check  do not fail a query whose type letters (query IIT) disagree with its column count`;

async function main(): Promise<number> {
  const args = parseSltArgs(process.argv.slice(2));
  if (args.help || args.paths.length === 0) {
    console.log(USAGE);
    return args.help ? 0 : 2;
  }
  const files = collectSltFiles(args.paths);
  const skipList = args.skipList ? SkipList.read(args.skipList) : null;
  const showFailures = args.verbose || files.length <= 3;
  const baseDir = userCwd();
  const suite = await runSuite(files, { recordTimeoutMs: args.recordTimeoutMs, skipList, checkColumnCount: args.checkColumnCount }, (result) => {
    console.log(fileLine(result, baseDir, args.verbose));
    if (showFailures) for (const line of failureLines(result, { baseDir, showFailures })) console.log(line);
  });
  console.log(totalsLine(suite.counts));
  return suite.counts.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
