import { loadConfig } from '@rightsflow/config';
import { OPERATOR_TOKEN_ENV, OperatorApi, RequestConsole, runOpsCommand } from '@rightsflow/ops';
import { lazyTemporalClient } from '@rightsflow/temporal-bridge';

// `npm run ops -- <command>`: the operator's command line. Reads go through the Temporal
// client; actions and operator management through intake's operator API (RIGHTSFLOW_API_URL,
// default PUBLIC_BASE_URL), as the operator of the token in $RIGHTSFLOW_OPERATOR_TOKEN.
async function main() {
  const config = loadConfig();
  const baseUrl = (process.env['RIGHTSFLOW_API_URL'] ?? config.http.publicBaseUrl).replace(/\/$/, '');
  const operatorToken = process.env[OPERATOR_TOKEN_ENV];
  // Connects on first use: managing operators and acting need only intake.
  const client = lazyTemporalClient(config);
  try {
    process.exitCode = await runOpsCommand(
      {
        console: new RequestConsole(client),
        operatorApi: operatorToken ? () => new OperatorApi(baseUrl, operatorToken) : undefined,
        adminApi: () => new OperatorApi(baseUrl, config.secrets.operatorApiToken),
      },
      process.argv.slice(2),
      (line) => console.log(line),
    );
  } finally {
    await client.connection.close();
  }
}

main().catch((error: Error) => {
  console.error(`ops: ${error.message}`);
  process.exit(1);
});
