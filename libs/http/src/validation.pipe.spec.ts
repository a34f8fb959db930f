import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { createValidationPipe } from './validation.pipe';

class Cursor {
  @IsInt()
  afterSeq!: number;
}

class Send {
  @IsString()
  @Matches(/^[\w.:-]+$/)
  @MaxLength(64)
  clientMessageId!: string;

  @IsOptional()
  @IsString()
  text?: string;

  @IsDefined({ message: 'until must be a date, or null for until unmuted' })
  @ValidateIf((body: Send) => body.until !== null)
  @IsString()
  until!: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => Cursor)
  cursor?: Cursor;
}

/** The 400 the pipe gives for `body` as a `Send`. */
async function refusal(body: object): Promise<{ message: string; details: unknown }> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Send });
  } catch (error) {
    if (error instanceof BadRequestException)
      return error.getResponse() as { message: string; details: unknown };
  }
  throw new Error('accepted');
}

describe('The validation pipe', () => {
  it('says only that a missing required field is required', async () => {
    expect(await refusal({ until: null })).toEqual({
      message: 'Validation failed: clientMessageId is required',
      details: [{ field: 'clientMessageId', messages: ['clientMessageId is required'] }],
    });
  });

  it('keeps the message of a field’s own @IsDefined, which says what else it may be', async () => {
    expect(await refusal({ clientMessageId: 'a' })).toMatchObject({
      details: [{ field: 'until', messages: ['until must be a date, or null for until unmuted'] }],
    });
  });

  it('names nested required fields by their path', async () => {
    expect(await refusal({ clientMessageId: 'a', until: null, cursor: {} })).toMatchObject({
      details: [{ field: 'cursor.afterSeq', messages: ['cursor.afterSeq is required'] }],
    });
  });

  it('lists every rule a present but wrong field breaks, and nothing about optional ones', async () => {
    const { details } = await refusal({ clientMessageId: 'no spaces allowed', until: null });
    expect(details).toEqual([
      { field: 'clientMessageId', messages: [expect.stringMatching(/must match/)] },
    ]);
  });
});
