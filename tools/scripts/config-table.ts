// Prints the README configuration table from libs/config (npm run config:table).
import { settings } from '@rightsflow/config';
console.log('| Variable | Default | What it does |');
console.log('| --- | --- | --- |');
for (const s of settings as readonly { env: string; default?: string; description: string }[]) {
  const d =
    s.default === undefined
      ? '*(dev key; required in production)*'
      : s.default === ''
        ? '*(empty)*'
        : '`' + s.default + '`';
  console.log(`| \`${s.env}\` | ${d} | ${s.description} |`);
}
