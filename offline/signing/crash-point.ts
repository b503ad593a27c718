/**
 * Test-only crash points: with AIRSIGN_TEST_CRASH_AT=<point>:<n> in the environment, the signer
 * kills itself (SIGKILL, as `kill -9` would) the n-th time it passes <point>, so a test can stop
 * the real program exactly inside each window between two durable writes. Without the variable
 * (every real run) a crash point does nothing. The points, in the order a request passes them:
 * `journaled` (an item's signatures in the in-progress journal, not yet in the audit log),
 * `logged` (an item's audit records written), `answer-stored` (the answer stored, the policy
 * state not yet saved), `committed` (the policy state saved, the answer not yet written to --out);
 * and `key-made` (a key made for an item in the token, its certificate not yet in the journal),
 * `key-pair-made` (inside the key ceremony: the key pair made, its certificate not yet stored).
 */
let counts: Map<string, number> | undefined;

export function crashPoint(point: string): void {
  const spec = process.env.AIRSIGN_TEST_CRASH_AT;
  if (spec === undefined || spec === '') return;
  const [name, nth] = spec.split(':');
  if (name !== point) return;
  counts ??= new Map();
  const seen = (counts.get(point) ?? 0) + 1;
  counts.set(point, seen);
  if (seen === Number(nth ?? '1')) process.kill(process.pid, 'SIGKILL');
}
