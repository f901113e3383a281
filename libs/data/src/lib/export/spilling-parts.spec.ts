import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeStream, openStream } from './formats';
import { SpillingParts } from './spilling-parts';

describe('an export’s parts, in memory up to a limit and then in files', () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'rf-parts-'));
    dir = path.join(root, 'parts');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** What copyTo appends, as it lands in a real file. */
  async function copied(parts: SpillingParts, name: string): Promise<string> {
    const file = path.join(root, `copy-${name}`);
    const out = openStream(file);
    await parts.copyTo(name, out);
    await closeStream(out);
    return readFileSync(file, 'utf8');
  }

  it('within the limit, keeps every part in memory: no directory, no file, nothing to discard', async () => {
    const parts = new SpillingParts(dir, 64);
    parts.open('a.json');
    parts.open('a.html');
    await parts.write('a.json', '[');
    await parts.write('a.json', '{"city":"Zürich"}');
    await parts.write('a.json', ']');
    await parts.close('a.json');
    await parts.close('a.html');
    expect(parts.onDisk).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(await copied(parts, 'a.json')).toBe('[{"city":"Zürich"}]');
    expect(await copied(parts, 'a.html')).toBe('');
    await parts.discard();
    expect(readdirSync(root).sort()).toEqual(['copy-a.html', 'copy-a.json']);
  });

  it('the first write past the limit moves every part to its file, finished ones whole, and later writes follow', async () => {
    const parts = new SpillingParts(dir, 10);
    parts.open('a.json');
    await parts.write('a.json', 'first');
    await parts.close('a.json');
    parts.open('b.json');
    parts.open('b.html');
    await parts.write('b.json', 'abcd');
    expect(existsSync(dir)).toBe(false); // 9 bytes held
    await parts.write('b.json', 'é'); // 2 bytes in UTF-8: 11 > 10
    expect(parts.onDisk).toBe(true);
    expect(readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('first');
    await parts.write('b.json', '-after');
    await parts.write('b.html', '<tr>');
    await parts.close('b.json');
    await parts.close('b.html');
    parts.open('c.json'); // opened after the spill: straight to its file
    await parts.close('c.json');
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.html', 'b.json', 'c.json']); // no unfinished file left
    expect(readFileSync(path.join(dir, 'b.json'), 'utf8')).toBe('abcdé-after');
    expect(await copied(parts, 'a.json')).toBe('first');
    expect(await copied(parts, 'b.json')).toBe('abcdé-after');
    expect(await copied(parts, 'b.html')).toBe('<tr>');
    expect(await copied(parts, 'c.json')).toBe('');
    await parts.discard();
    expect(existsSync(dir)).toBe(false);
  });

  it('spilled at once, as a retry that finds parts on disk does, rewrites each part it opens and reads the others from their files', async () => {
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'done.json'), '[1]'); // finished by an earlier attempt
    writeFileSync(path.join(dir, 'redo.json'), '[stale, cut sh'); // cut short by the crash
    const parts = new SpillingParts(dir, 1024);
    await parts.spill();
    parts.open('redo.json');
    await parts.write('redo.json', '[2]');
    await parts.close('redo.json');
    expect(readFileSync(path.join(dir, 'redo.json'), 'utf8')).toBe('[2]');
    expect(await copied(parts, 'done.json')).toBe('[1]');
    expect(await copied(parts, 'redo.json')).toBe('[2]');
  });

  it('refuses a write to a part that is not open, rather than lose it', async () => {
    const parts = new SpillingParts(dir, 1024);
    await expect(parts.write('never-opened.json', 'x')).rejects.toThrow('part never-opened.json is not open');
    parts.open('a.json');
    await parts.close('a.json');
    await expect(parts.write('a.json', 'x')).rejects.toThrow('part a.json is not open');
  });
});
