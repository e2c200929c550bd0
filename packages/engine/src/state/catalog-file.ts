/**
 * `catalog.json` in the data directory: every object's DDL text, in creation order, so a
 * restart re-creates the catalog by running the statements again (DESIGN §6). Dropping an
 * object removes its entry. The file is rewritten whole and atomically on every change.
 */
import { join } from 'node:path';
import { EngineError } from '../errors.js';
import { readJsonFile, writeFileAtomic } from './atomic-file.js';

/** One catalog object as persisted. */
export interface CatalogEntry {
  /** lower-case object name */
  readonly name: string;
  /** catalog kind: source, table, materialized-view, view, sink */
  readonly kind: string;
  /** the CREATE statement's own text */
  readonly sql: string;
}

interface CatalogDocument {
  readonly version: 1;
  readonly objects: CatalogEntry[];
}

/** The persisted catalog of one data directory. */
export class CatalogFile {
  private entries: CatalogEntry[] = [];

  private constructor(readonly path: string) {}

  /** Reads `<dataDir>/catalog.json` (absent: empty). A damaged file is a `catalog-corrupt` error. */
  static async load(dataDir: string): Promise<CatalogFile> {
    const file = new CatalogFile(join(dataDir, 'catalog.json'));
    let doc: CatalogDocument | null;
    try {
      doc = await readJsonFile<CatalogDocument>(file.path);
    } catch (e) {
      throw new EngineError('catalog-corrupt', `cannot read the catalog '${file.path}': ${(e as Error).message}`, 'external', {
        hint: 'restore the file from a backup, or move the data directory away to start empty',
        cause: e,
      });
    }
    if (doc && !Array.isArray(doc.objects)) {
      throw new EngineError('catalog-corrupt', `the catalog '${file.path}' has no "objects" list`, 'external');
    }
    file.entries = doc ? [...doc.objects] : [];
    return file;
  }

  /** Entries in creation order. */
  list(): readonly CatalogEntry[] {
    return this.entries;
  }

  has(name: string): boolean {
    return this.entries.some((e) => e.name === name.toLowerCase());
  }

  /** Appends (or replaces) an entry and persists the file. */
  async add(entry: CatalogEntry): Promise<void> {
    const name = entry.name.toLowerCase();
    this.entries = [...this.entries.filter((e) => e.name !== name), { ...entry, name }];
    await this.save();
  }

  /** Removes an entry, if present, and persists the file. */
  async remove(name: string): Promise<void> {
    const lower = name.toLowerCase();
    if (!this.has(lower)) return;
    this.entries = this.entries.filter((e) => e.name !== lower);
    await this.save();
  }

  private async save(): Promise<void> {
    const doc: CatalogDocument = { version: 1, objects: this.entries };
    await writeFileAtomic(this.path, `${JSON.stringify(doc, null, 2)}\n`);
  }
}
