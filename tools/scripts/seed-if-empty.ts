// Run by `npm start`: seeds a small sample company (200 subjects) when the
// company database is empty, so a newcomer can submit a request for
// subject-000001@example.com and get real data back.
import { loadConfig } from '@rightsflow/config';
import { seedIfEmpty } from '@rightsflow/data';

seedIfEmpty(loadConfig(), Number(process.env['SEED_SUBJECTS'] ?? 200))
  .then(({ seeded, result }) => {
    console.log(
      seeded
        ? `  seeded the sample company: ${result?.subjects} subjects, ${result?.records} records`
        : '  sample company already seeded',
    );
    process.exit(0);
  })
  .catch((error: Error) => {
    console.error(`  seeding failed: ${error.message}`);
    process.exit(1);
  });
