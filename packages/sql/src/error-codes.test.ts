/**
 * Keeps docs/errors.md and the error codes in the code in step.
 *
 * The scan reads every non-test `.ts` file under packages/* /src with the TypeScript parser and
 * collects the string literals that become an error code:
 *
 * - the first argument of `new SqlError(...)` and `new EngineError(...)`;
 * - the `code` argument of the parser's `fail(message, token, code)` helper;
 * - `code: '...'` in object literals (input problems such as `bad-input-row`) and class
 *   fields or defaults named `code` (`InternalError`'s `internal-error`, `fail`'s default);
 * - the literals a local `const code = ...` can hold, when that variable is passed on.
 *
 * A code built any other way (a new helper taking the code as a parameter, say) is reported as
 * a dynamic call site, so the scan can be taught about it instead of silently missing codes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const errorsDoc = join(repoRoot, 'docs', 'errors.md');

/** Methods whose argument at this index is an error code: `c.fail('msg', tok, 'unsupported-syntax')`. */
const CODE_HELPERS: ReadonlyMap<string, number> = new Map([['fail', 2]]);

/**
 * Call sites whose code is not a literal and is already accounted for, as `file: argument`:
 * the helpers above take the code as a parameter, and a rethrow copies an existing code.
 */
const KNOWN_DYNAMIC_SITES = new Set([
  'packages/sql/src/parser/token-cursor.ts: code', // fail(): its callers pass the code
  'packages/sql/src/binder/resolve-call.ts: e.code', // rethrows a SqlError with a position added
  'packages/server/src/repl/repl-output.ts: error.code', // a server's error, rebuilt for the CLI's report
]);

const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

interface CodeUse {
  readonly code: string;
  readonly where: string;
}

interface ScanResult {
  readonly uses: CodeUse[];
  /** non-literal codes the scan cannot follow, as `file:line: argument` */
  readonly unresolved: string[];
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

function packageSourceFiles(): string[] {
  const packagesDir = join(repoRoot, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const src = join(packagesDir, entry.name, 'src');
      try {
        return sourceFiles(src);
      } catch {
        return []; // a package without src/
      }
    });
}

function stringLiterals(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isConditionalExpression(node)) return [...stringLiterals(node.whenTrue), ...stringLiterals(node.whenFalse)];
  if (ts.isParenthesizedExpression(node)) return stringLiterals(node.expression);
  return [];
}

function isNamedCode(name: ts.Node | undefined): boolean {
  return name !== undefined && (ts.isIdentifier(name) || ts.isStringLiteral(name)) && name.text === 'code';
}

/** Scans one file's text; `file` is the path shown in results. */
function scanSource(file: string, text: string): ScanResult {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const uses: CodeUse[] = [];
  const unresolved: string[] = [];
  const codeVariables = new Map<string, string[]>();
  const at = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const add = (codes: string[], node: ts.Node) => codes.forEach((code) => uses.push({ code, where: at(node) }));

  // first pass: local variables holding codes, e.g. `const code = inWhere ? 'a' : 'b'`
  const collectVariables = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const literals = stringLiterals(node.initializer);
      if (literals.length > 0) codeVariables.set(node.name.text, literals);
    }
    ts.forEachChild(node, collectVariables);
  };
  collectVariables(source);

  const codeArgument = (arg: ts.Expression | undefined, call: ts.Node): void => {
    if (!arg) return;
    const literals = stringLiterals(arg);
    if (literals.length > 0) return add(literals, arg);
    if (ts.isIdentifier(arg) && codeVariables.has(arg.text)) return add(codeVariables.get(arg.text)!, arg);
    const site = `${file}: ${arg.getText(source)}`;
    if (!KNOWN_DYNAMIC_SITES.has(site)) unresolved.push(`${at(call)}: ${arg.getText(source)}`);
  };

  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ['SqlError', 'EngineError'].includes(node.expression.text)) {
      codeArgument(node.arguments?.[0], node);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      // methods only: the parser's `c.fail(...)`, not value-cast's unrelated `fail(value, from, to)`
      const index = ts.isPropertyAccessExpression(callee) ? CODE_HELPERS.get(callee.name.text) : undefined;
      if (index !== undefined && node.arguments[index]) codeArgument(node.arguments[index], node);
    } else if ((ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) && isNamedCode(node.name) && node.initializer) {
      add(stringLiterals(node.initializer), node);
    } else if (ts.isParameter(node) && isNamedCode(node.name) && node.initializer) {
      add(stringLiterals(node.initializer), node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { uses, unresolved };
}

function scanRepository(): ScanResult {
  const uses: CodeUse[] = [];
  const unresolved: string[] = [];
  for (const path of packageSourceFiles()) {
    const file = relative(repoRoot, path).split('\\').join('/');
    const result = scanSource(file, readFileSync(path, 'utf8'));
    uses.push(...result.uses);
    unresolved.push(...result.unresolved);
  }
  return { uses, unresolved };
}

/** Codes documented in docs/errors.md: table rows starting with a code in backticks. */
function documentedCodes(markdown: string): string[] {
  const codes: string[] = [];
  for (const line of markdown.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|/.exec(line);
    if (match) codes.push(match[1]!);
  }
  return codes;
}

describe('error codes', () => {
  const scan = scanRepository();
  const inCode = new Set(scan.uses.map((use) => use.code));
  const documented = documentedCodes(readFileSync(errorsDoc, 'utf8'));

  it('finds the codes in the code', () => {
    // a sanity check on the scan itself: these come from each kind of site it reads
    for (const code of ['syntax-error', 'unsupported-syntax', 'aggregate-in-where', 'bad-input-row', 'source-disconnected', 'internal-error', 'invalid-option']) {
      expect(inCode, `the scan no longer finds '${code}'`).toContain(code);
    }
  });

  it('can follow every code passed to SqlError, EngineError and the code helpers', () => {
    expect(scan.unresolved, 'error codes built from a variable: pass a literal, or teach error-codes.test.ts the helper').toEqual([]);
  });

  it('documents every code used in the code in docs/errors.md', () => {
    const documentedSet = new Set(documented);
    const missing = new Map<string, string>();
    for (const use of scan.uses) if (!documentedSet.has(use.code) && !missing.has(use.code)) missing.set(use.code, use.where);
    expect([...missing].map(([code, where]) => `${code} (${where})`), 'add a row | `code` | meaning | to docs/errors.md for each').toEqual([]);
  });

  it('lists in docs/errors.md only codes the code still uses', () => {
    const stale = documented.filter((code) => !inCode.has(code));
    expect(stale, 'these codes are documented but nothing raises them any more').toEqual([]);
  });

  it('lists each code once', () => {
    const seen = new Set<string>();
    const twice = documented.filter((code) => seen.has(code) || !seen.add(code));
    expect(twice).toEqual([]);
  });

  it('uses kebab-case codes', () => {
    const bad = [...new Set([...inCode, ...documented])].filter((code) => !KEBAB_CASE.test(code));
    expect(bad).toEqual([]);
  });
});

describe('the error code scan', () => {
  it('reads literals, helper arguments, problem reports and code variables', () => {
    const text = [
      "throw new SqlError('made-up', 'x');",
      "c.fail('no', tok, 'other-code');",
      "report({ code: 'a-problem', message: 'm' });",
      "const code = where ? 'in-where' : 'elsewhere';",
      'throw new SqlError(code, "m");',
    ].join('\n');
    const { uses, unresolved } = scanSource('x.ts', text);
    expect(uses.map((u) => u.code).sort()).toEqual(['a-problem', 'elsewhere', 'in-where', 'made-up', 'other-code']);
    expect(unresolved).toEqual([]);
  });

  it('reports a code it cannot follow', () => {
    const { unresolved } = scanSource('y.ts', 'function oops(kind: string) { return new EngineError(kind, "m"); }');
    expect(unresolved).toEqual(['y.ts:1: kind']);
  });
});
