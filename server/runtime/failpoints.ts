// Failpoints for crash tests: with OCTOFLOW_FAILPOINT=name:n the process kills itself with
// SIGKILL (as `kill -9` would) the n-th time it passes `name`; with name:n:stop it stops itself
// (SIGSTOP) there instead, for a test to resume with SIGCONT. Unset, a failpoint is a no-op.
const spec = process.env.OCTOFLOW_FAILPOINT?.match(/^([a-z.-]+):(\d+)(:stop)?$/);
let remaining = spec ? Number(spec[2]) : 0;

export type FailpointName = 'step.before-commit' | 'dispatch.before-send' | 'dispatch.after-send';

export function failpoint(name: FailpointName): void {
  if (!spec || spec[1] !== name) return;
  remaining -= 1;
  if (remaining === 0) process.kill(process.pid, spec[3] ? 'SIGSTOP' : 'SIGKILL');
}
