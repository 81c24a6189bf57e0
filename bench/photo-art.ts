/**
 * Synthetic "photos" drawn with sharp, for the sample content and the image
 * benchmark: a landscape (sky, sun, hills, a road) as SVG, optionally with
 * grain so encoders work as hard as on a real photograph.
 */
import sharp from "sharp";

export interface PhotoArt {
  width: number;
  height: number;
  /** 0–1: varies colours and shapes, so each photo is different. */
  seed: number;
  /** Add photographic grain (bigger, slower files: the benchmark wants that). */
  grain?: boolean;
  /** Transparent sky (a cut-out), for a PNG source with an alpha channel. */
  transparent?: boolean;
}

function landscapeSvg({ width: w, height: h, seed, transparent }: PhotoArt): string {
  const hue = Math.round(seed * 360);
  const sunX = Math.round(w * (0.15 + 0.7 * seed));
  const hill = (y: number, amp: number, phase: number) => {
    const points: string[] = [];
    for (let i = 0; i <= 16; i++) {
      const x = (w * i) / 16;
      points.push(`${x.toFixed(0)},${(h * y + Math.sin(i * 0.9 + phase) * amp * h).toFixed(0)}`);
    }
    return `M0,${h} L${points.join(" L")} L${w},${h} Z`;
  };
  const sky = transparent
    ? ""
    : `<rect width="${w}" height="${h}" fill="url(#sky)"/><circle cx="${sunX}" cy="${Math.round(h * 0.28)}" r="${Math.round(h * 0.09)}" fill="#fff3c4"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},55%,62%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},60%,88%)"/></linearGradient></defs>
${sky}
<path d="${hill(0.55, 0.06, seed * 7)}" fill="hsl(${(hue + 120) % 360},25%,45%)"/>
<path d="${hill(0.7, 0.05, seed * 13)}" fill="hsl(${(hue + 140) % 360},35%,32%)"/>
<path d="M${w * 0.45},${h} C${w * 0.5},${h * 0.85} ${w * 0.6},${h * 0.8} ${w * 0.55},${h * 0.68}" stroke="#c9a66b" stroke-width="${Math.round(w * 0.03)}" fill="none"/>
</svg>`;
}

const grains = new Map<string, Buffer>();

/** Film-like grain around mid-grey, made once per size (random bytes are cheap; sharp's gaussian noise is not). */
function grain(width: number, height: number): Buffer {
  const key = `${width}x${height}`;
  let buffer = grains.get(key);
  if (!buffer) {
    buffer = Buffer.alloc(width * height * 3);
    let seed = 12345;
    for (let i = 0; i < buffer.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      buffer[i] = 128 + ((seed >> 16) % 61) - 30;
    }
    grains.set(key, buffer);
  }
  return buffer;
}

/** A JPEG (or, for `transparent`, a PNG) of the drawn landscape. */
export async function drawPhoto(art: PhotoArt): Promise<Buffer> {
  let image = sharp(Buffer.from(landscapeSvg(art)));
  if (art.grain) {
    const base = await image.raw().toBuffer({ resolveWithObject: true });
    image = sharp(base.data, { raw: base.info }).composite([
      {
        input: grain(art.width, art.height),
        raw: { width: art.width, height: art.height, channels: 3 },
        blend: "soft-light",
      },
    ]);
  }
  return art.transparent
    ? image.png({ compressionLevel: 9, palette: true }).toBuffer()
    : image.jpeg({ quality: art.grain ? 88 : 78, mozjpeg: !art.grain }).toBuffer();
}
