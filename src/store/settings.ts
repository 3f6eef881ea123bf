import { getMeta, setMeta } from "./schema";

/**
 * The team's settings as one store last applied them (from the team index, see SessionStore):
 * rows of the store's `meta` table, beside its schema version.
 */
export class StoreSettings {
  constructor(private readonly sql: SqlStorage) {}

  /** The team's cap on how long finished results live, or null. */
  retentionMs(): number | null {
    const retention = getMeta(this.sql, "retention_ms");
    return retention === null ? null : Number(retention);
  }

  /** The version of the team's settings this store last applied (0: none yet). */
  version(): number {
    return Number(getMeta(this.sql, "settings_version") ?? 0);
  }

  save(retentionMs: number | null, version: number): void {
    setMeta(this.sql, "settings_version", String(version));
    setMeta(this.sql, "retention_ms", retentionMs === null ? null : String(retentionMs));
  }
}
