// `npm run preview:emails`: renders every message kind with full sample facts
// into tmp/email-preview/ (HTML and plain text, plus an index page) for review.
import { loadConfig } from '@rightsflow/config';
import fs from 'node:fs';
import path from 'node:path';
import { renderMessage } from '../src/lib/templates/render-message';
import { ALL_MESSAGE_KINDS, sampleFacts } from '../src/lib/templates/sample-facts';

const root = path.resolve(__dirname, '../../..');
const outDir = path.join(root, 'tmp', 'email-preview');
const config = loadConfig();
const facts = sampleFacts(config);

fs.mkdirSync(outDir, { recursive: true });
const rows: string[] = [];
for (const kind of ALL_MESSAGE_KINDS) {
  const message = renderMessage({ requestId: 'R-7HK2PQ9X', kind, facts: facts[kind] }, config);
  fs.writeFileSync(path.join(outDir, `${kind}.html`), message.html);
  fs.writeFileSync(path.join(outDir, `${kind}.txt`), `Subject: ${message.subject}\n\n${message.text}`);
  rows.push(
    `<li><a href="${kind}.html">${kind}</a> (<a href="${kind}.txt">text</a>) — ${message.audience}: ${escapeHtml(message.subject)}</li>`,
  );
}
fs.writeFileSync(
  path.join(outDir, 'index.html'),
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Email preview</title></head><body><h1>Email preview (${config.mail.locale})</h1><ul>${rows.join('\n')}</ul></body></html>\n`,
);
console.log(
  `${ALL_MESSAGE_KINDS.length} messages rendered to ${path.relative(process.cwd(), outDir)}/ (open index.html)`,
);

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
