import type { MediaView } from '@app/contracts';
import { thumbnailBox } from '../lib/thumbnail-box';

/**
 * A message's picture, a button that opens it full size. Its box has the picture's size and ratio
 * before the lazy thumbnail loads, so the list does not grow under the reader as pictures arrive.
 */
export function MessageImage({
  media,
  alt,
  onOpen,
}: {
  media: MediaView;
  alt: string;
  onOpen: () => void;
}) {
  const box = thumbnailBox(media.width, media.height);
  return (
    <button
      type="button"
      className="block max-w-full"
      data-testid="message-image"
      style={box ? { width: box.width, aspectRatio: box.aspectRatio } : undefined}
      onClick={onOpen}
    >
      <img
        src={media.thumbnailUrl}
        alt={alt}
        width={media.width}
        height={media.height}
        loading="lazy"
        className={
          box ? 'h-full w-full rounded object-cover' : 'max-h-64 w-auto max-w-full rounded'
        }
      />
    </button>
  );
}
