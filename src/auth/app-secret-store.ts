import type { Knex } from 'knex';
import { TABLES } from '../platform/tables';
import { randomToken } from '../platform/secrets';

/**
 * Server keys shared by every web process: generated once by whichever process starts first
 * (insert-or-ignore, then read), so several web processes sign and check the same values.
 * They sign short-lived form values, never anything that lets someone in.
 */
export class AppSecretStore {
  constructor(private readonly db: Knex) {}

  async getOrCreate(name: string): Promise<string> {
    await this.db(TABLES.appSecrets).insert({ name, value: randomToken() }).onConflict('name').ignore();
    const row = (await this.db(TABLES.appSecrets).where({ name }).first('value')) as { value: string };
    return row.value;
  }
}
