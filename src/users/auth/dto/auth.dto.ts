import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Validate,
} from 'class-validator';
import { NormalizeEmail, Trim, type ApiErrorOptions } from '@app/http';
import { MAX_NAME_LENGTH } from '../../email';
import { FitsBcrypt } from './fits-bcrypt.validator';

const MAX_EMAIL_LENGTH = 254;
export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 72;

/** The 400 Swagger shows for the sign-in routes, whose bodies all carry `email`. */
export const BAD_EMAIL_ERROR: ApiErrorOptions = {
  message: 'Validation failed: email must be an email',
  details: [{ field: 'email', messages: ['email must be an email'] }],
};

export class OtpRequestDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: MAX_EMAIL_LENGTH })
  @NormalizeEmail()
  @IsString()
  @MaxLength(MAX_EMAIL_LENGTH)
  @IsEmail()
  email!: string;
}

export class OtpVerifyDto extends OtpRequestDto {
  @ApiProperty({ example: '042917', description: 'The 6 digits from the e-mail' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits from the e-mail' })
  code!: string;
}

export class LoginDto extends OtpRequestDto {
  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class RegisterDto extends OtpRequestDto {
  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: MIN_PASSWORD_LENGTH,
    maxLength: MAX_PASSWORD_LENGTH,
  })
  @IsString()
  @Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH)
  @Validate(FitsBcrypt)
  password!: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: MAX_NAME_LENGTH })
  @Trim()
  @IsString()
  @Length(1, MAX_NAME_LENGTH)
  name!: string;
}

export class RefreshTokenDto {
  @ApiPropertyOptional({ description: 'Omit to use the refresh_token cookie' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  refreshToken?: string;
}

export class OtpIssuedDto {
  @ApiProperty({ example: 300 })
  expiresInSec!: number;

  @ApiProperty({
    example: 60,
    description: 'A new code for this address can be asked for after this long',
  })
  resendAfterSec!: number;
}
