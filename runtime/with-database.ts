/**
 * `uri` with its database name (the path after the hosts) replaced by `database`, keeping the
 * credentials, hosts and options: `mongodb://h:1/a?x=1` → `mongodb://h:1/<database>?x=1`.
 */
export function withDatabase(uri: string, database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?#]+)(\/[^?#]*)?(\?[^#]*)?$/.exec(uri);
  if (!match) throw new Error(`not a mongodb:// connection string: ${uri}`);
  return `${match[1]}/${database}${match[3] ?? ''}`;
}

/** The database named by `uri`, if any. */
export function databaseOf(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?#]+\/([^?#]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
