import { BadRequestException } from '@nestjs/common';

/** A 400 about one field of the request, in the shape validation errors have. */
export const badField = (field: string, message: string): BadRequestException =>
  new BadRequestException({ message, details: [{ field, messages: [message] }] });
