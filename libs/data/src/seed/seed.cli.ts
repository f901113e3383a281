// `npm run seed -- --subjects N [--from K] [--reset]`: builds the sample company in
// <MONGO_DB_PREFIX>_company (deterministic: the same N gives the same data).
// --reset drops the company database first; --from grows an existing company.
import { loadConfig } from '@rightsflow/config';
import { connectDataStores } from '../lib/company/data-stores';
import { loadInventory, parseEndpointOverrides } from '../lib/inventory/load-inventory';
import { seedCompany } from './seed';

function option(name: string, fallback?: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

async function main(): Promise<void> {
  const subjects = Number(option('subjects', '1000'));
  const from = Number(option('from', '0'));
  if (!Number.isInteger(subjects) || subjects < 1 || !Number.isInteger(from) || from < 0) {
    throw new Error('usage: npm run seed -- --subjects N [--from K] [--reset]');
  }
  const config = loadConfig();
  const inventory = loadInventory(config.data.inventoryFile, parseEndpointOverrides(config.data.processorEndpoints));
  const { stores, close } = await connectDataStores(config, inventory);
  try {
    if (process.argv.includes('--reset')) await stores.company.dropDatabase();
    const result = await seedCompany(stores, inventory, {
      subjects,
      from,
      onProgress: (done, records) => process.stdout.write(`\r  ${done}/${subjects} subjects, ${records} records`),
    });
    process.stdout.write('\n');
    console.log(
      `Seeded ${stores.company.databaseName}: ${result.subjects} subjects, ${result.records} records in ${(result.millis / 1000).toFixed(1)} s`,
    );
    for (const [name, count] of Object.entries(result.perCollection)) console.log(`  ${name.padEnd(28)} ${count}`);
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(`seed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
