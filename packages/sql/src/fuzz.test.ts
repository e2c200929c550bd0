/**
 * Fuzz test of the planning path: seed statements (testing/fuzz-corpus.sql), mutations of
 * them and grammar-generated statements go through parse, bind, optimize and EXPLAIN. Nothing
 * but a SqlError may escape, and every SqlError carries a code and a position in the text.
 * Deterministic: the PRNG is seeded, so a failure reproduces; the failing statements are
 * printed.
 */
import { describe, expect, it } from 'vitest';
import { Catalog } from './catalog/catalog.js';
import { parse } from './parser/parse.js';
import { applyDdl, checkStatement, copyCatalog, type FuzzFailure, loadCorpus } from './testing/test-fuzz-harness.js';
import { deeplyNested, mutateStatement, Prng } from './testing/test-statement-fuzzer.js';
import { StatementGenerator } from './testing/test-statement-generator.js';

const SEED = 20240917;
const MUTATIONS = 8000;
const GENERATED = 4000;
const NESTED = 300;

/** The corpus with, per statement, the catalog as it stood when the statement ran. */
function corpusWithCatalogs(): { sql: string; catalog: Catalog }[] {
  const catalog = new Catalog();
  return loadCorpus().map((sql) => {
    const before = copyCatalog(catalog);
    try {
      for (const stmt of parse(sql)) applyDdl(stmt, catalog);
    } catch {
      // a seed the binder refuses (an unsupported feature) adds nothing to the catalog
    }
    return { sql, catalog: before };
  });
}

function report(failures: readonly FuzzFailure[]): string {
  return failures.slice(0, 15).map((f) => `--- ${f.problem}\n${f.sql}`).join('\n\n');
}

describe('fuzzing parse, bind, optimize and EXPLAIN', () => {
  const seeds = corpusWithCatalogs();
  const finalCatalog = copyCatalog(seeds.at(-1)!.catalog);
  const outcomes = new Map<string, number>();
  const run = (sql: string, catalog: Catalog, failures: FuzzFailure[]): void => {
    const { outcome, failure } = checkStatement(sql, catalog);
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (failure) failures.push(failure);
  };

  it('plans the seed corpus without crashing, most of it successfully', () => {
    expect(seeds.length).toBeGreaterThan(300);
    const failures: FuzzFailure[] = [];
    let ok = 0;
    for (const seed of seeds) {
      const before = outcomes.get('ok') ?? 0;
      run(seed.sql, seed.catalog, failures);
      if ((outcomes.get('ok') ?? 0) > before) ok++;
    }
    expect(report(failures)).toBe('');
    // the corpus is what the suites run: most of it must plan, or the catalogs are wrong
    expect(ok / seeds.length).toBeGreaterThan(0.6);
  });

  it('survives mutated seed statements', () => {
    const rng = new Prng(SEED);
    const failures: FuzzFailure[] = [];
    for (let i = 0; i < MUTATIONS; i++) {
      const seed = rng.pick(seeds);
      run(mutateStatement(seed.sql, rng), seed.catalog, failures);
    }
    expect(report(failures)).toBe('');
  });

  it('survives grammar-generated statements', () => {
    const rng = new Prng(SEED + 1);
    const generator = new StatementGenerator(rng, finalCatalog);
    const failures: FuzzFailure[] = [];
    for (let i = 0; i < GENERATED; i++) {
      const sql = generator.statement();
      run(rng.chance(0.2) ? mutateStatement(sql, rng) : sql, finalCatalog, failures);
    }
    expect(report(failures)).toBe('');
  });

  it('survives deep nesting', () => {
    const rng = new Prng(SEED + 2);
    const failures: FuzzFailure[] = [];
    for (let i = 0; i < NESTED; i++) run(deeplyNested(rng, rng.between(1, rng.chance(0.8) ? 400 : 3000)), finalCatalog, failures);
    expect(report(failures)).toBe('');
    expect(outcomes.get('statement-too-complex')).toBeGreaterThan(0);
  });
});
