/**
 * Which objects of a file read which, as far as the SQL text shows, and which tables missed a
 * write because an INSERT, UPDATE or DELETE failed. A wrong result read from an object that
 * depends on such a table is recorded as a consequence of that failure (a cascade), so the
 * conformance page counts it under the missing feature rather than as a wrong answer.
 *
 * Names are matched as whole words of the SQL, case-insensitively: a heuristic, good enough to
 * attribute failures, never used to decide whether a record passes.
 */
const CREATE = /^\s*create\s+(?:or\s+replace\s+)?(?:materialized\s+view|view|table|source|sink)\s+(?:if\s+not\s+exists\s+)?("[^"]+"|[\w.]+)/i;
const WRITE = /^\s*(?:insert\s+into|delete\s+from|update)\s+("[^"]+"|[\w.]+)/i;

export class ObjectLineage {
  /** object -> the objects its defining query mentions */
  private readonly reads = new Map<string, ReadonlySet<string>>();
  /** table -> cause of a failed write into it */
  private readonly failedWrites = new Map<string, string>();

  /** Records what a statement created or wrote; `failureCause` is null when it succeeded. */
  note(sql: string, failureCause: string | null): void {
    const created = CREATE.exec(sql);
    if (created) {
      this.reads.set(unquote(created[1]!), this.mentioned(sql.slice(created[0].length)));
      return;
    }
    const written = WRITE.exec(sql);
    if (written && failureCause !== null) {
      const table = unquote(written[1]!);
      if (!this.failedWrites.has(table)) this.failedWrites.set(table, failureCause);
    }
  }

  /** The first table, among those `sql` reads directly or through views, that missed a write. */
  missedWrite(sql: string): { readonly object: string; readonly cause: string } | null {
    const seen = new Set<string>();
    const pending = [...this.mentioned(sql)];
    while (pending.length > 0) {
      const object = pending.pop()!;
      if (seen.has(object)) continue;
      seen.add(object);
      const cause = this.failedWrites.get(object);
      if (cause !== undefined) return { object, cause };
      pending.push(...(this.reads.get(object) ?? []));
    }
    return null;
  }

  private mentioned(sql: string): Set<string> {
    const words = new Set((sql.toLowerCase().match(/[a-z_][\w.]*/g) ?? []));
    return new Set([...this.reads.keys()].filter((name) => words.has(name)));
  }
}

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1) : name.toLowerCase();
}
