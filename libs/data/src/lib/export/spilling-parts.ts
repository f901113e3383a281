import { createReadStream, promises as fs, WriteStream } from 'node:fs';
import path from 'node:path';
import { closeStream, openStream, write } from './formats';

/**
 * An export's intermediate parts (each collection's JSON array and HTML rows),
 * kept in memory while together they stay within `limit` bytes, so a small
 * export writes no part file. The first write past the limit spills every
 * part to its file in `dir`, and every later write goes to the files, so
 * memory stays flat however much the export holds. The parts are either all in
 * memory or all on disk, so a retry (which skips only collections whose parts
 * are on disk) finds there every collection a large export finished.
 *
 * Each part is written once: open, write…, close, then copyTo.
 */
export class SpillingParts {
  /** Each part's text while in memory. */
  private readonly held = new Map<string, string[]>();
  /** Bytes written to each part through this instance, whether held or in its file. */
  private readonly sizes = new Map<string, number>();
  private readonly unclosed = new Set<string>();
  private readonly streams = new Map<string, WriteStream>();
  private heldBytes = 0;
  private spilled = false;

  constructor(
    private readonly dir: string,
    private readonly limit: number,
  ) {}

  /** True once the parts are in files (and the directory exists). */
  get onDisk(): boolean {
    return this.spilled;
  }

  open(name: string): void {
    this.sizes.set(name, 0);
    this.unclosed.add(name);
    if (this.spilled) this.streams.set(name, openStream(this.file(name)));
    else this.held.set(name, []);
  }

  async write(name: string, text: string): Promise<void> {
    // Counted in UTF-8 bytes, as the file holds them; V8 keeps one or two bytes a character, so at most twice that.
    const bytes = Buffer.byteLength(text);
    this.sizes.set(name, (this.sizes.get(name) ?? 0) + bytes);
    if (!this.spilled && this.heldBytes + bytes > this.limit) await this.spill();
    const stream = this.streams.get(name);
    if (stream) return write(stream, text);
    const held = this.held.get(name);
    if (!held || !this.unclosed.has(name)) throw new Error(`part ${name} is not open`);
    held.push(text);
    this.heldBytes += bytes;
  }

  async close(name: string): Promise<void> {
    this.unclosed.delete(name);
    const stream = this.streams.get(name);
    this.streams.delete(name);
    if (stream) await closeStream(stream);
  }

  /** Appends a closed part to `out`: from memory, or from its file (also one an earlier attempt left). */
  async copyTo(name: string, out: WriteStream): Promise<void> {
    const held = this.held.get(name);
    if (held) {
      if (held.length > 0) await write(out, held.join(''));
      return;
    }
    if (this.sizes.get(name) === 0) return; // known to be empty: its file need not be opened
    for await (const chunk of createReadStream(this.file(name), { encoding: 'utf8' }))
      await write(out, chunk as string);
  }

  /** Moves every part to its file; from then on parts are written to their files. */
  async spill(): Promise<void> {
    if (this.spilled) return;
    this.spilled = true;
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const [name, chunks] of this.held) {
      if (this.unclosed.has(name)) {
        const stream = openStream(this.file(name));
        this.streams.set(name, stream);
        if (chunks.length > 0) await write(stream, chunks.join(''));
      } else await this.writeFinished(name, chunks.join(''));
    }
    this.held.clear();
    this.heldBytes = 0;
  }

  /** Removes the part files, if any were written. */
  async discard(): Promise<void> {
    if (this.spilled) await fs.rm(this.dir, { recursive: true, force: true });
  }

  /**
   * A finished part's file appears only once complete (written under another
   * name, then renamed): a crash mid-spill must not leave a part a retry would
   * take for finished.
   */
  private async writeFinished(name: string, text: string): Promise<void> {
    const unfinished = this.file(`${name}.unfinished`);
    const stream = openStream(unfinished);
    try {
      if (text.length > 0) await write(stream, text);
    } finally {
      await closeStream(stream);
    }
    await fs.rename(unfinished, this.file(name));
  }

  private file(name: string): string {
    return path.join(this.dir, name);
  }
}
