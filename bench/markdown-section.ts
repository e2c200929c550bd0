/**
 * Sections of BENCHMARKS.md that parts other than Nexmark own (`## Checkpoint`): a part's
 * run with `--markdown` replaces its section, and regenerating the Nexmark page keeps them.
 */

/** The `## <title>` section of `text` (heading to the next `## ` heading or the end), or ''. */
export function findSection(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const next = text.indexOf('\n## ', start + 1);
  return text.slice(start + 1, next < 0 ? text.length : next + 1);
}

/** `text` with its `## <title>` section replaced by `section`, or `section` appended. */
export function replaceSection(text: string, title: string, section: string): string {
  const old = findSection(text, title);
  const body = section.endsWith('\n') ? section : `${section}\n`;
  if (old) return text.replace(old, body);
  return `${text.endsWith('\n') ? text : `${text}\n`}\n${body}`;
}
