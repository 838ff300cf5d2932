// The tests of a browser file are one story told on one page: each builds on what the one before
// left (signed in, a campaign open). After one fails, the rest would only fail for its sake and
// bury the first, real failure under a wall of time-outs; they are skipped and say why.
import { beforeEach } from 'vitest';

export function skipAfterFirstFailure() {
  let failed = '';
  beforeEach((ctx) => {
    if (failed) ctx.skip(`skipped: "${failed}" failed before it`);
    ctx.onTestFailed(() => {
      failed = ctx.task.name;
    });
  });
}
