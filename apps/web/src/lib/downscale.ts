/** The longest side a photo is sent at: sharp on any screen, a fraction of a camera's bytes. */
export const MAX_SIDE = 2048;
/** Smaller files go as they are: not worth a re-encode (and a screenshot stays pixel-exact). */
export const DOWNSCALE_FROM_BYTES = 1024 * 1024;
const QUALITY = 0.85;

/** Types re-encoded when large; GIFs may be animated and go as they are. */
const ENCODE_AS: Record<string, string> = {
  'image/jpeg': 'image/jpeg',
  'image/webp': 'image/webp',
  // PNG photos are huge; WebP keeps their transparency at a fraction of the size.
  'image/png': 'image/webp',
};

/** The size to send a picture at, or null to send it as it is. */
export function plannedSize(image: {
  width: number;
  height: number;
  bytes: number;
  type: string;
}): { width: number; height: number; type: string } | null {
  const type = ENCODE_AS[image.type];
  if (!type || image.bytes < DOWNSCALE_FROM_BYTES) return null;
  const scale = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
  return {
    width: Math.max(1, Math.round(image.width * scale)),
    height: Math.max(1, Math.round(image.height * scale)),
    type,
  };
}

/**
 * A large photo made smaller in the browser before it is uploaded (a 2.7 MB phone photo took 15 s
 * over a slow uplink; the original resolution is rarely needed). Anything that cannot be decoded
 * or comes out no smaller goes as it was, and the server still checks every upload.
 */
export async function downscaleForUpload(file: Blob): Promise<Blob> {
  if (typeof createImageBitmap === 'undefined' || typeof document === 'undefined') return file;
  try {
    const bitmap = await createImageBitmap(file);
    const size = plannedSize({
      width: bitmap.width,
      height: bitmap.height,
      bytes: file.size,
      type: file.type,
    });
    if (!size) return file;
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, size.width, size.height);
    bitmap.close();
    const smaller = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, size.type, QUALITY),
    );
    return smaller && smaller.size < file.size ? smaller : file;
  } catch {
    return file;
  }
}
