import { BadRequestException, Param, ParseUUIDPipe } from '@nestjs/common';

/** A route parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => {
        const message = `${name} must be a UUID`;
        return new BadRequestException({
          message,
          details: [{ field: name, messages: [message] }],
        });
      },
    }),
  );
