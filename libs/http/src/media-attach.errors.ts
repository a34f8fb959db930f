import { BadRequestException, ConflictException, type HttpException } from '@nestjs/common';
import type { AttachMediaResult } from '@app/contracts';

type Refusal = Extract<AttachMediaResult, { ok: false }>['reason'];

/** The error when `MediaLibrary.attach` refuses an upload named in the request's `field`. */
export function mediaAttachError(reason: Refusal, field: string): HttpException {
  if (reason === 'already_used') {
    return new ConflictException(
      'That upload was already sent or made an avatar; upload it again to use it again',
    );
  }
  // Only an avatar (field avatarMediaId) asks for an image; a message takes any upload.
  const message =
    reason === 'not_an_image'
      ? `${field} must be an image (POST /api/v1/media), not another file`
      : field === 'avatarMediaId'
        ? `${field} must be an image you uploaded (POST /api/v1/media)`
        : `${field} must be an image or file you uploaded (POST /api/v1/media or /api/v1/media/files)`;
  return new BadRequestException({ message, details: [{ field, messages: [message] }] });
}
