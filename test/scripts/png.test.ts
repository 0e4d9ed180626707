import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { decodePng, encodePng } from '../../scripts/png';
import { outlineIcon } from '../../scripts/make-icons';

/** A PNG chunk with its CRC, written independently of the codec under test. */
const pngChunk = (type: string, data: Buffer): Buffer => {
  let crc = 0xffffffff;
  for (const byte of Buffer.concat([Buffer.from(type, 'latin1'), data])) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 8 + data.length);
  return out;
};

describe('PNG codec', () => {
  it('decodes what it encodes, pixel for pixel', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 255 })),
        (width, height, bytes) => {
          const pixels = Uint8Array.from(bytes.take(width * height * 4));
          const decoded = decodePng(encodePng({ width, height, pixels }));
          expect(decoded).toEqual({ width, height, pixels });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('undoes the Sub, Up, Average and Paeth filters other encoders write', () => {
    const width = 3;
    const height = 4;
    const pixels = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 37 + 11) % 256);
    const stride = width * 4;
    const at = (x: number, y: number) => (x < 0 || y < 0 ? 0 : pixels[y * stride + x]!);
    const paeth = (a: number, b: number, c: number) => {
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    };
    // Row y uses filter y + 1: Sub, Up, Average, Paeth.
    const filtered = [1, 2, 3, 4].flatMap((filter, y) => {
      const row = [filter];
      for (let x = 0; x < stride; x++) {
        const [a, b, c] = [at(x - 4, y), at(x, y - 1), at(x - 4, y - 1)];
        const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter]!;
        row.push((at(x, y) - predictor + 256) & 0xff);
      }
      return row;
    });
    const plain = encodePng({ width, height, pixels });
    const idatAt = plain.indexOf('IDAT') - 4;
    const png = Buffer.concat([
      plain.subarray(0, idatAt),
      pngChunk('IDAT', zlib.deflateSync(Buffer.from(filtered))),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
    expect(decodePng(png).pixels).toEqual(pixels);
  });

  it('refuses a corrupted file', () => {
    const png = encodePng({ width: 1, height: 1, pixels: new Uint8Array([1, 2, 3, 4]) });
    expect(() => decodePng(Buffer.from('GIF89a'))).toThrow('not a PNG file');
    const broken = Buffer.from(png);
    broken[20] = broken[20]! ^ 0xff;
    expect(() => decodePng(broken)).toThrow('bad CRC in IHDR chunk');
  });
});

describe('manifest icons', () => {
  // (The 192x192 colour icon takes seconds to draw under jest; its size is checked in package-app.test.ts.)
  it('outline.png is the one scripts/make-icons.ts draws', () => {
    const dir = path.join(__dirname, '..', '..', 'manifest');
    expect(decodePng(fs.readFileSync(path.join(dir, 'outline.png')))).toEqual(outlineIcon());
  });
});
