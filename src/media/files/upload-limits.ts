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
