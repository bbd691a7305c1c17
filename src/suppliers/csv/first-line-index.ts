/**
 * Remembers the line each key was first seen on, for duplicate-key checks over files of any
 * length. A Map of strings costs about 140 bytes a key on the JS heap, and V8 sizes the heap
 * (so the process's memory) by what survives there; here a key costs its UTF-8 bytes plus about
 * 16 bytes of typed arrays, outside the JS heap. Keys are compared byte for byte: exact.
 * What it buys (`npm run bench`, import section, BENCHMARKS.md): importing 100,000 rates peaks at
 * ~103 MB of RSS growth on SQLite against a 150 MB goal; with a Map of keys the 300,000-row file
 * passed 1 GB before streaming and this index.
 */
export class FirstLineIndex {
  /** The keys' bytes, one after the other: key i is bytes[starts[i] .. starts[i + 1]). */
  private bytes: Buffer = Buffer.allocUnsafe(64 * 1024);
  private starts = new Uint32Array(1025);
  private hashes = new Uint32Array(1024);
  private lines = new Int32Array(1024);
  private count = 0;
  /** Open addressing, linear probing: key number + 1, or 0 for an empty slot; at most 3/4 full. */
  private slots = new Uint32Array(2048);
  private scratch: Buffer = Buffer.allocUnsafe(1024);

  get size(): number {
    return this.count;
  }

  /** The line `key` was first seen on; or, the first time, undefined after noting `line` for it. */
  firstLine(key: string, line: number): number | undefined {
    if (this.scratch.length < key.length * 3) this.scratch = Buffer.allocUnsafe(key.length * 3);
    const length = this.scratch.write(key);
    const hash = fnv1a(this.scratch, length);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let entry = this.slots[slot]!; entry !== 0; slot = (slot + 1) & mask, entry = this.slots[slot]!) {
      const i = entry - 1;
      const start = this.starts[i]!;
      if (this.hashes[i] !== hash || this.starts[i + 1]! - start !== length) continue;
      if (this.scratch.compare(this.bytes, start, start + length, 0, length) === 0) return this.lines[i];
    }
    this.add(hash, length, line, slot);
    return undefined;
  }

  private add(hash: number, length: number, line: number, slot: number): void {
    const used = this.starts[this.count]!;
    if (used + length > this.bytes.length) {
      const bytes = Buffer.allocUnsafe(Math.max(Math.ceil(this.bytes.length * 1.5), used + length));
      this.bytes.copy(bytes, 0, 0, used);
      this.bytes = bytes;
    }
    this.scratch.copy(this.bytes, used, 0, length);
    if (this.count === this.hashes.length) {
      const capacity = Math.ceil(this.count * 1.5);
      this.starts = grown(this.starts, capacity + 1);
      this.hashes = grown(this.hashes, capacity);
      this.lines = grown(this.lines, capacity);
    }
    const i = this.count++;
    this.starts[i + 1] = used + length;
    this.hashes[i] = hash;
    this.lines[i] = line;
    this.slots[slot] = i + 1;
    if (this.count * 4 > this.slots.length * 3) this.rehash(this.slots.length * 2);
  }

  private rehash(size: number): void {
    this.slots = new Uint32Array(size);
    const mask = size - 1;
    for (let i = 0; i < this.count; i++) {
      let slot = this.hashes[i]! & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = i + 1;
    }
  }
}

/** 32-bit FNV-1a: spreads short, similar keys well and allocates nothing. */
function fnv1a(bytes: Buffer, length: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

function grown<A extends Uint32Array | Int32Array>(array: A, capacity: number): A {
  const next = new (array.constructor as new (n: number) => A)(capacity);
  next.set(array);
  return next;
}
