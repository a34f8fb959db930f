import { ApiError } from '../api/http';
import { handleRule, describeHandleError, isValidHandle, normaliseHandle } from './handle';

describe('handles', () => {
  it('reads what is typed as a lower-case handle without its @', () => {
    expect(normaliseHandle(' @Ada_L ')).toBe('ada_l');
  });

  it('accepts 3 to 20 of a-z, 0-9 and _ only', () => {
    expect(['ada', 'ada_lovelace_1815', 'a'.repeat(20)].every(isValidHandle)).toBe(true);
    expect(['ad', 'a'.repeat(21), 'ada-l', 'adà', 'Ada'].some(isValidHandle)).toBe(false);
  });

  it('says why the server refused: taken, or not a handle', () => {
    expect(describeHandleError(new ApiError(409, 'That handle is taken'), 'ada')).toBe(
      '@ada is taken. Try another one.',
    );
    expect(describeHandleError(new ApiError(400, 'Validation failed'), 'a')).toBe(handleRule());
    expect(describeHandleError(new ApiError(500, 'Oops'), 'ada')).toBeNull();
  });
});
