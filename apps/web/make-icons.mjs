import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import sharp from 'sharp';

/**
 * Renders the app's icons (apps/web/public/icons) from public/favicon.svg, for the web app
 * manifest and the home screen. Run it again after changing the favicon:
 * `node apps/web/make-icons.mjs`. The PNGs are committed, so a build needs neither this script
 * nor sharp's SVG renderer.
 */
const publicDir = fileURLToPath(new URL('./public/', import.meta.url));
const favicon = readFileSync(`${publicDir}favicon.svg`, 'utf8');

/** The favicon's colour and speech bubble, read from it so that the two cannot drift apart. */
const background = /<rect[^>]*fill="(#[0-9a-f]{6})"/i.exec(favicon)?.[1];
const bubble = /<path[^>]*\/>/.exec(favicon)?.[0];
if (!background || !bubble) throw new Error('favicon.svg no longer has a <rect> and a <path>');

/**
 * A maskable icon is cut to any shape (circle, squircle) by the system, so its background fills
 * the whole square and the bubble stays well inside the middle 80 % circle that is always kept.
 * The same full square serves iOS's home screen, which adds its own rounded corners.
 */
const fullBleed = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <rect width="64" height="64" fill="${background}"/>
  <g transform="translate(32 32) scale(0.8) translate(-32 -31)">${bubble}</g>
</svg>`;

const icons = [
  { file: 'icon-192.png', svg: favicon, size: 192 },
  { file: 'icon-512.png', svg: favicon, size: 512 },
  { file: 'maskable-512.png', svg: fullBleed, size: 512 },
  { file: 'apple-touch-icon.png', svg: fullBleed, size: 180 },
];

for (const { file, svg, size } of icons) {
  await sharp(Buffer.from(svg), { density: (72 * size) / 64 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(`${publicDir}icons/${file}`);
  process.stdout.write(`icons/${file}: ${size}x${size}\n`);
}
