import { BadRequestException, ConflictException, type HttpException } from '@nestjs/common';
import type { AttachMediaResult } from '@app/contracts';

type Refusal = Extract<AttachMediaResult, { ok: false }>['reason'];

/** The error when `MediaLibrary.attach` refuses an upload named in the request's `field`. */
export function mediaAttachError(reason: Refusal, field: string): HttpException {
  if (reason === 'already_used') {
    return new ConflictException(
      'That image was already sent or made an avatar; upload it again to use it again',
    );
  }
  const message = `${field} must be an image you uploaded (POST /api/v1/media)`;
  return new BadRequestException({ message, details: [{ field, messages: [message] }] });
}
