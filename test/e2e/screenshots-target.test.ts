/** Where the end-to-end run writes its card screenshots: out of git's way unless asked. */
import path from 'node:path';
import { repoRoot } from '../../scripts/playground/processes';
import { screenshotsTarget } from './support/session';

test('by default into the git-ignored artifacts folder', () => {
  expect(screenshotsTarget({})).toBe(path.join(repoRoot, 'test', 'e2e', 'artifacts', 'screenshots'));
  expect(screenshotsTarget({ E2E_SCREENSHOTS_DIR: ' ' })).toBe(path.join(repoRoot, 'test', 'e2e', 'artifacts', 'screenshots'));
});

test('E2E_SCREENSHOTS_DIR (as npm run screenshots sets it) names the folder, relative to the repository', () => {
  expect(screenshotsTarget({ E2E_SCREENSHOTS_DIR: 'test/e2e/screenshots' })).toBe(path.join(repoRoot, 'test', 'e2e', 'screenshots'));
});
