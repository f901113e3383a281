// Free loopback ports, so each test or benchmark run gets a stack of its own.
import net from 'node:net';

/** Listens on a port the OS picks; the caller closes the server once it has all the ports it needs. */
function holdFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * TEMPORAL_PORT, TEMPORAL_UI_PORT, POSTGRES_PORT, MONGO_PORT, SMTP_PORT and MAIL_UI_PORT,
 * each free and all different: every port stays taken until all are chosen (released one
 * by one, the OS may hand the same port out twice; a soak run once got SMTP_PORT = MAIL_UI_PORT).
 */
export async function freeStackPorts() {
  const names = ['TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'POSTGRES_PORT', 'MONGO_PORT', 'SMTP_PORT', 'MAIL_UI_PORT'];
  const servers = [];
  try {
    for (let i = 0; i < names.length; i++) servers.push(await holdFreePort());
    return Object.fromEntries(names.map((name, i) => [name, String(servers[i].address().port)]));
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
