import { loadConfig } from '@rightsflow/config';
import { RequestConsole, runOpsCommand } from '@rightsflow/ops';
import { connectTemporalClient } from '@rightsflow/temporal-bridge';

// `npm run ops -- <command>`: the operator's command line, over the Temporal client.
async function main() {
  const config = loadConfig();
  const client = await connectTemporalClient(config);
  try {
    process.exitCode = await runOpsCommand(new RequestConsole(client), process.argv.slice(2), (line) =>
      console.log(line),
    );
  } finally {
    await client.connection.close();
  }
}

main().catch((error: Error) => {
  console.error(`ops: ${error.message}`);
  process.exit(1);
});
