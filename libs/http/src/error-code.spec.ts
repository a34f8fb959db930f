import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { ERROR_CODES, type ErrorCodeDoc } from '@app/contracts';
import { coded, errorCodeOf, generalErrorCode } from './error-code';

const entries = Object.entries(ERROR_CODES) as [string, ErrorCodeDoc][];

describe('The error code vocabulary', () => {
  it('has exactly one general code per status', () => {
    const general = entries.filter(([, doc]) => doc.refines === undefined);
    const statuses = general.map(([, doc]) => doc.status);
    expect(new Set(statuses).size).toBe(statuses.length);
  });

  it('refines only general codes of the same status', () => {
    for (const [code, doc] of entries.filter(([, d]) => d.refines !== undefined)) {
      const refined = entries.find(([name]) => name === doc.refines)?.[1];
      expect({
        code,
        refined: refined && { status: refined.status, refines: refined.refines },
      }).toEqual({
        code,
        refined: { status: doc.status, refines: undefined },
      });
    }
  });

  it('names a code for statuses it does not list: the client’s request (4xx) or our fault (5xx)', () => {
    expect(generalErrorCode(403)).toBe('forbidden');
    expect(generalErrorCode(422)).toBe('validation_failed');
    expect(generalErrorCode(502)).toBe('internal');
  });

  it('takes an exception’s own code only when it goes with the exception’s status', () => {
    expect(errorCodeOf(new ForbiddenException(coded('blocked', 'x')))).toBe('blocked');
    expect(errorCodeOf(new ForbiddenException('x'))).toBe('forbidden');
    expect(errorCodeOf(new NotFoundException(coded('blocked', 'x')))).toBe('not_found');
    expect(errorCodeOf(new ForbiddenException({ code: 'made_up', message: 'x' }))).toBe(
      'forbidden',
    );
  });
});
