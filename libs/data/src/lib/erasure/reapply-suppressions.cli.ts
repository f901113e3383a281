// `npm run data:reapply-suppressions`: run after restoring a backup of the company's
// data (<MONGO_DB_PREFIX>_company). Erases again every subject on the suppression
// list (R17, Regs §7022(d)) and prints what it changed; running it twice is harmless.
import { loadConfig } from '@rightsflow/config';
import { connectDataStores } from '../company/data-stores';
import { loadInventory, parseEndpointOverrides } from '../inventory/load-inventory';
import { reapplySuppressions } from './reapply-suppressions';

async function main(): Promise<void> {
  const config = loadConfig();
  const inventory = loadInventory(config.data.inventoryFile, parseEndpointOverrides(config.data.processorEndpoints));
  const { stores, close } = await connectDataStores(config, inventory);
  try {
    const result = await reapplySuppressions(config, stores, inventory);
    console.log(`Suppression list re-applied: ${result.subjects} restored subject(s) erased again.`);
    for (const [collection, counts] of Object.entries(result.collections))
      console.log(`  ${collection.padEnd(30)} ${JSON.stringify(counts)}`);
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(`reapply-suppressions: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
