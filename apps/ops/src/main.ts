import { loadConfig } from '@rightsflow/config';
import { RequestConsole, runOpsCommand } from '@rightsflow/ops';
import { Client, Connection } from '@temporalio/client';

// `npm run ops -- <command>`: the operator's command line, over the Temporal client.
async function main() {
  const config = loadConfig();
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    process.exitCode = await runOpsCommand(new RequestConsole(client), process.argv.slice(2), (line) =>
      console.log(line),
    );
  } finally {
    await connection.close();
  }
}

main().catch((error: Error) => {
  console.error(`ops: ${error.message}`);
  process.exit(1);
});
