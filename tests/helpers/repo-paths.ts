import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Absolute path of the repository root (the folder holding `packages/` and `tests/`). */
export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of the `sluice` command's entry script. */
export const sluiceBin: string = path.join(repoRoot, 'packages', 'server', 'bin', 'sluice.js');
