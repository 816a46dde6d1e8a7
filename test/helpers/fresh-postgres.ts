import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A whole new PostgreSQL database on the server of DATABASE_URL, for what a private schema cannot
 * show: processes started with nothing but a connection string (the migrator looks for its tables
 * in every schema of a database).
 */
export interface FreshPostgres {
  readonly url: string;
  drop(): Promise<void>;
}

export async function freshPostgresDatabase(serverUrl: string, label: string): Promise<FreshPostgres> {
  const name = `planocore_${label}_${randomBytes(5).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
