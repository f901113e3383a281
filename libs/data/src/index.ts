export * from './lib/data.module';
export { seedIfEmpty, seedCompany } from './seed/seed';
export { seedHeavySubject } from './seed/heavy-subject';
export { InventoryError } from './lib/inventory/validate-inventory';
export { loadInventory } from './lib/inventory/load-inventory';
export { deleteExpiredBundles, openBundleForDownload } from './lib/export/bundle-store';
export { reapplySuppressions } from './lib/erasure/reapply-suppressions';
export { SampleSystems } from './lib/company/sample-systems';
export { connectDataStores } from './lib/company/data-stores';
export type { DataStores } from './lib/company/data-stores';
// Direct access to the sample company's tables and collections, for tests of this and other projects.
export { CompanyRecords, dropCompanyStores } from './test-support/company-records';
