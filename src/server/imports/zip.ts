// The zip container of an .xlsx, read with a bound on what it inflates to (issue 11 item 2).
//
// Every size a zip declares (central directory, local headers) is written by whoever made the
// file, so none is trusted: each entry is inflated by node:zlib with a byte budget that is what is
// left of the file's limit, and inflation stops as soon as the budget is passed. What comes out is
// packed again uncompressed (stored) for ExcelJS, so the reader behind it never inflates anything.
// No zip library is a dependency of the project; JSZip (under ExcelJS) checks sizes only after
// inflating an entry whole, and the central directory is a few fixed-size records to walk.
import zlib from 'node:zlib';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** An .xlsx has a dozen parts; thousands would be overhead without data. */
const MAX_ENTRIES = 1000;

export class ZipTooLarge extends Error {
  constructor(
    readonly limit: number,
    /** Bytes that had come out when inflation stopped: at most the limit and one zlib chunk. */
    readonly inflated: number,
  ) {
    super(`zip inflates to more than ${limit} bytes`);
  }
}
export class ZipUnreadable extends Error {}

interface DirectoryEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

/** The entries the central directory lists; ZipUnreadable when it is cut off, zip64 or inconsistent. */
export function zipDirectory(buffer: Buffer): DirectoryEntry[] {
  const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), Math.max(0, buffer.length - 22));
  if (eocd < 0 || eocd + 22 > buffer.length || buffer.readUInt32LE(eocd) !== EOCD) throw new ZipUnreadable('no end of central directory');
  const count = buffer.readUInt16LE(eocd + 10);
  if (count > MAX_ENTRIES) throw new ZipUnreadable('too many entries');
  let at = buffer.readUInt32LE(eocd + 16);
  const entries: DirectoryEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL) throw new ZipUnreadable('central directory cut off');
    const nameLength = buffer.readUInt16LE(at + 28);
    const entry: DirectoryEntry = {
      flags: buffer.readUInt16LE(at + 8),
      method: buffer.readUInt16LE(at + 10),
      compressedSize: buffer.readUInt32LE(at + 20),
      declaredSize: buffer.readUInt32LE(at + 24),
      localOffset: buffer.readUInt32LE(at + 42),
      name: buffer.toString('utf8', at + 46, at + 46 + nameLength),
    };
    // zip64 (sizes of 0xffffffff): no import file is 4 GB.
    if (entry.compressedSize === 0xffffffff || entry.declaredSize === 0xffffffff || entry.localOffset === 0xffffffff) throw new ZipUnreadable('zip64');
    entries.push(entry);
    at += 46 + nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * Every file entry inflated, by name, in the directory's order. Stops with ZipTooLarge as soon as
 * the entries together have inflated to more than `maxBytes`, whatever they declare; ZipUnreadable
 * when the file is damaged, encrypted, uses another compression, or an entry's real size differs
 * from the one it declares (as JSZip refuses it too).
 */
export async function inflateZip(buffer: Buffer, maxBytes: number): Promise<Map<string, Buffer>> {
  const parts = new Map<string, Buffer>();
  let inflated = 0;
  for (const e of zipDirectory(buffer)) {
    if (e.name.endsWith('/')) continue;
    if (e.flags & 0x1) throw new ZipUnreadable('encrypted');
    const at = e.localOffset;
    if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== LOCAL) throw new ZipUnreadable('local header');
    const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
    if (start + e.compressedSize > buffer.length) throw new ZipUnreadable('entry cut off');
    const raw = buffer.subarray(start, start + e.compressedSize);
    const budget = maxBytes - inflated;
    let data: Buffer;
    if (e.method === STORED) {
      if (raw.length > budget) throw new ZipTooLarge(maxBytes, inflated + budget);
      data = raw;
    } else if (e.method === DEFLATED) {
      const out = await inflateBounded(raw, budget);
      if (typeof out === 'number') throw new ZipTooLarge(maxBytes, inflated + out);
      data = out;
    } else {
      throw new ZipUnreadable(`method ${e.method}`);
    }
    if (data.length !== e.declaredSize) throw new ZipUnreadable('size mismatch');
    inflated += data.length;
    parts.set(e.name, data);
  }
  return parts;
}

/**
 * The entry inflated, or the number of bytes that had come out when they passed the budget: the
 * inflater is stopped there, so no more than the budget and one zlib chunk (16 KiB) is ever held.
 */
function inflateBounded(raw: Buffer, budget: number): Promise<Buffer | number> {
  return new Promise((resolve, reject) => {
    const inflater = zlib.createInflateRaw();
    const chunks: Buffer[] = [];
    let n = 0;
    inflater.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > budget) {
        inflater.destroy();
        chunks.length = 0;
        resolve(n);
      } else {
        chunks.push(chunk);
      }
    });
    inflater.on('error', () => reject(new ZipUnreadable('inflate')));
    inflater.on('end', () => resolve(Buffer.concat(chunks, n)));
    inflater.end(raw);
  });
}

export interface RawEntry {
  name: string;
  /** The bytes as they go into the file (already compressed when method is 8). */
  data: Buffer;
  method: number;
  crc: number;
  /** The uncompressed size written in the headers. */
  size: number;
}

/** A zip of the given entries, each written as given (headers and central directory). */
export function writeZip(entries: RawEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(CENTRAL, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(e.method, 10);
    dir.writeUInt32LE(e.crc >>> 0, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    chunks.push(local, name, e.data);
    central.push(dir, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

/** The parts packed again without compression: reading them back inflates nothing. */
export function storedZip(parts: Map<string, Buffer>): Buffer {
  return writeZip([...parts].map(([name, data]) => ({ name, data, method: STORED, crc: zlib.crc32(data), size: data.length })));
}
