/**
 * Draws the Teams app icons into manifest/: color.png (192x192, a signed decision paper on the
 * accent colour) and outline.png (32x32, the same paper as a white outline on transparency).
 * Run `node -r @swc-node/register scripts/make-icons.ts` after changing the drawing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { encodePng, type RgbaImage } from './png';
import { repoRoot } from './repo-root';

type Rgba = readonly [number, number, number, number];
/** A shape as a signed distance in unit coordinates (0..1 across the icon): negative inside. */
type Shape = (x: number, y: number) => number;
interface Layer {
  shape: Shape;
  colour: Rgba;
}

export const accentColour = '#1E4E8C';
const accent: Rgba = [0x1e, 0x4e, 0x8c, 255];
const white: Rgba = [255, 255, 255, 255];
const green: Rgba = [0x2e, 0x8b, 0x57, 255];
const lineBlue: Rgba = [0x8f, 0xa7, 0xc6, 255];

const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    const qx = Math.abs(x - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
    const qy = Math.abs(y - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };

const segment =
  (ax: number, ay: number, bx: number, by: number, width: number): Shape =>
  (x, y) => {
    const t = Math.max(
      0,
      Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
    );
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) - width / 2;
  };

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)));
const ring =
  (shape: Shape, width: number): Shape =>
  (x, y) =>
    Math.abs(shape(x, y) + width / 2) - width / 2;

const page = roundedRect(0.27, 0.16, 0.73, 0.84, 0.045);
const textLines = (width: number, rows: readonly number[], from = 0.36, to = 0.64): Shape =>
  union(...rows.map((y, i) => segment(from, y, i === rows.length - 1 ? (from + to) / 2 + 0.04 : to, y, width)));
const tick = (width: number, dy = 0): Shape =>
  union(segment(0.39, 0.66 + dy, 0.47, 0.74 + dy, width), segment(0.47, 0.74 + dy, 0.63, 0.56 + dy, width));

/** Paints the layers in order with 4x4 supersampling for smooth edges. */
function render(size: number, background: Rgba | null, layers: Layer[]): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++)
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          let colour: Rgba | null = background;
          for (const layer of layers) if (layer.shape(x, y) <= 0) colour = layer.colour;
          if (colour) for (let c = 0; c < 3; c++) sum[c]! += colour[c]! * (colour[3] / 255);
          if (colour) sum[3]! += colour[3];
        }
      const alpha = sum[3]! / (n * n);
      const at = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[at + c] = alpha === 0 ? 0 : Math.round(((sum[c]! / (n * n)) * 255) / alpha);
      pixels[at + 3] = Math.round(alpha);
    }
  return { width: size, height: size, pixels };
}

export const colourIcon = (): RgbaImage =>
  render(192, accent, [
    { shape: page, colour: white },
    { shape: textLines(0.035, [0.3, 0.39, 0.48]), colour: lineBlue },
    { shape: tick(0.06), colour: green },
  ]);

export const outlineIcon = (): RgbaImage =>
  render(32, null, [
    {
      shape: union(
        ring(roundedRect(0.19, 0.06, 0.81, 0.94, 0.06), 0.07),
        textLines(0.065, [0.28, 0.44], 0.37, 0.63),
        tick(0.08, 0.02),
      ),
      colour: white,
    },
  ]);

if (require.main === module) {
  const dir = path.join(repoRoot, 'manifest');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'color.png'), encodePng(colourIcon()));
  fs.writeFileSync(path.join(dir, 'outline.png'), encodePng(outlineIcon()));
  console.log(`wrote ${path.join(dir, 'color.png')} and ${path.join(dir, 'outline.png')}`);
}
