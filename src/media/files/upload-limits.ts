import { PayloadTooLargeException } from '@nestjs/common';
import { coded } from '@app/http';

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** 413 naming the limit, in words and in bytes. */
export function fileTooLarge(maxBytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `The file is larger than the limit of ${formatBytes(maxBytes)} (${maxBytes} bytes)`,
  );
}

/** 413 naming the quota and what is left of it. */
export function overQuota(quotaBytes: number, usedBytes: number): PayloadTooLargeException {
  const left = Math.max(0, quotaBytes - usedBytes);
  const message = `Your uploads would exceed your storage quota of ${formatBytes(quotaBytes)} (${formatBytes(left)} left). Delete messages with files you sent to free space.`;
  return new PayloadTooLargeException({
    ...coded('quota_exceeded', message),
    details: { quotaBytes, usedBytes, leftBytes: left },
  });
}

/** What a multipart body adds to the file itself (boundaries, part headers): a generous bound. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** The body's length as the client declares it (`Content-Length`), when it does. */
export function declaredLength(header: string | undefined): number | undefined {
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Number(header);
}

/** The file bytes a declared body can hold at most, for a refusal before it is read. */
export const declaredFileBytes = (header: string | undefined): number | undefined => {
  const body = declaredLength(header);
  return body === undefined ? undefined : Math.max(0, body - MULTIPART_OVERHEAD_BYTES);
};
