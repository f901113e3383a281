// `npm run seed -- --subjects N [--from K] [--reset] [--if-empty]`: builds the sample company in
// its stores as the inventory places them (deterministic: the same N gives the same data).
// --reset drops the company's tables and collections first; --from grows an existing company;
// --if-empty does nothing when the company already holds someone (docker-compose's seed step).
import { loadConfig } from '@rightsflow/config';
import { SingleBar } from 'cli-progress';
import { connectDataStores } from '../lib/company/data-stores';
import { loadInventory, parseEndpointOverrides } from '../lib/inventory/load-inventory';
import { dropCompany, holdsAnyone, seedCompany } from './seed';

function option(name: string, fallback?: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

async function main(): Promise<void> {
  const subjects = Number(option('subjects', '1000'));
  const from = Number(option('from', '0'));
  if (!Number.isInteger(subjects) || subjects < 1 || subjects > 1_000_000 || !Number.isInteger(from) || from < 0) {
    throw new Error('usage: npm run seed -- --subjects N (1 to 1,000,000) [--from K] [--reset]');
  }
  const config = loadConfig();
  const inventory = loadInventory(config.data.inventoryFile, parseEndpointOverrides(config.data.processorEndpoints));
  const { stores, close } = await connectDataStores(config, inventory);
  const bar = new SingleBar({
    format:
      '  {bar} {percentage}% | {value}/{total} people | {records} records | {rate} people/s | ETA {eta_formatted}',
    hideCursor: true,
  });
  try {
    if (process.argv.includes('--reset')) await dropCompany(stores, inventory);
    else if (process.argv.includes('--if-empty') && (await holdsAnyone(stores, inventory))) {
      console.log('The sample company already holds people: nothing seeded.');
      return;
    }
    const started = Date.now();
    bar.start(subjects, 0, { records: 0, rate: 0 });
    const result = await seedCompany(stores, inventory, {
      subjects,
      from,
      onProgress: (done, records) =>
        bar.update(done, { records, rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) }),
    });
    bar.stop();
    console.log(
      `Seeded ${inventory.stores.map((s) => `${s.name} (${s.engine})`).join(', ')}: ${result.subjects} subjects, ${result.records} records in ${(result.millis / 1000).toFixed(1)} s (indexes included)`,
    );
    for (const [name, count] of Object.entries(result.perCollection)) console.log(`  ${name.padEnd(28)} ${count}`);
  } finally {
    bar.stop();
    await close();
  }
}

main().catch((error) => {
  console.error(`seed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
