/**
 * Object identifiers as PostgreSQL clients expect them: fixed OIDs below 16384 for what the
 * system provides (schemas, the role, system relations) and OIDs from 16384 up for user
 * objects. A user object's OID is a hash of its name, so it is the same in every session and
 * after a restart without being stored anywhere; on the rare collision the object created
 * later takes the next free number (it keeps it while both exist).
 */

/** PostgreSQL's first OID for user objects. */
export const FIRST_USER_OID = 16384;

/** Schema OIDs: PostgreSQL's for pg_catalog and public; information_schema gets a fixed one. */
export const NAMESPACE_OID = { pg_catalog: 11, public: 2200, information_schema: 13000 } as const;

export type NamespaceName = keyof typeof NAMESPACE_OID;

/** The one role objects belong to (PostgreSQL's bootstrap superuser has OID 10). */
export const OWNER_OID = 10;
export const OWNER_NAME = 'sluice';

/** The one database (PostgreSQL's `postgres` database has OID 5). */
export const DATABASE_OID = 5;
export const DATABASE_NAME = 'sluice';

/** Access methods (pg_am) and collations (pg_collation) as PostgreSQL numbers them. */
export const ACCESS_METHOD_OID = { heap: 2, btree: 403, hash: 405 } as const;
export const COLLATION_OID = { default: 100, C: 950, POSIX: 951 } as const;

/** pg_class's own OID: pg_description rows about relations name it as their class. */
export const PG_CLASS_OID = 1259;

const SPAN = 2 ** 31 - FIRST_USER_OID;

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit number. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * OIDs for `keys` (lower-case names, in creation order; derived objects such as a primary key
 * index use `table/pkey`). `taken` holds OIDs already in use (system ones).
 */
export function assignUserOids(keys: readonly string[], taken: ReadonlySet<number> = new Set()): Map<string, number> {
  const used = new Set(taken);
  const oids = new Map<string, number>();
  for (const key of keys) {
    let oid = FIRST_USER_OID + (fnv1a(key) % SPAN);
    while (used.has(oid)) oid = oid + 1 >= FIRST_USER_OID + SPAN ? FIRST_USER_OID : oid + 1;
    used.add(oid);
    oids.set(key, oid);
  }
  return oids;
}
