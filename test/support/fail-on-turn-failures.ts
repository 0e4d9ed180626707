/**
 * Jest setup (setupFilesAfterEnv): every test fails if a server or bot process it started logged
 * an error it did not expect (see turn-failures.ts). The check runs before the file's own
 * afterEach hooks, so it covers the test and the beforeAll/beforeEach hooks before it; an error
 * logged while a file's hooks close things is reported by the next test, or at the end of the file.
 */
import { checkTurnFailures } from './turn-failures';

afterEach(() => checkTurnFailures('during this test or the hooks before it'));
afterAll(() => checkTurnFailures('in this file outside its tests'));
