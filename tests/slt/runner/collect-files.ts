/**
 * The .slt files a run covers: files given by name (any extension, so a `.slt.part` can be run
 * on its own), and the `.slt` files under given folders, recursively, sorted. `.slt.part`
 * files in folders run only through `include`.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function collectSltFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(given);
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (!stat) throw new Error(`no such file or folder: ${given}`);
    if (stat.isDirectory()) files.push(...walk(absolute));
    else files.push(absolute);
  }
  return [...new Set(files)];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...walk(full));
    } else if (entry.name.endsWith('.slt')) {
      out.push(full);
    }
  }
  return out;
}
