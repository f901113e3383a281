// Free loopback ports, so each test or benchmark run gets a stack of its own.
import net from 'node:net';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(String(port)));
    });
  });
}

/** TEMPORAL_PORT, TEMPORAL_UI_PORT, POSTGRES_PORT, MONGO_PORT, SMTP_PORT and MAIL_UI_PORT, each free. */
export async function freeStackPorts() {
  const names = ['TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'POSTGRES_PORT', 'MONGO_PORT', 'SMTP_PORT', 'MAIL_UI_PORT'];
  const ports = {};
  for (const name of names) ports[name] = await freePort();
  return ports;
}
