/** The DomainError a call throws; fails the test when it throws something else or nothing. */
import { DomainError } from '../../domain/errors';

export function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}
