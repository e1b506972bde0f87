// generator/cli/watch.ts: the watched set follows what each run read. A file that only becomes
// watched after a run (an import that was unreachable while its importer was broken) and changes
// while that run is in progress must still cause another run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { watchAndRun, type WatchHandle } from "../../generator/cli/watch.js";

let handle: WatchHandle | undefined;
let root = "";
afterEach(() => {
  handle?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const waitFor = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

test("a file edited during the run that first reads it triggers one more run", async () => {
  root = mkdtempSync(join(tmpdir(), "ng-watch-"));
  mkdirSync(join(root, "shared"));
  const cap = join(root, "cap.yaml");
  const shared = join(root, "shared", "svc.yaml");
  writeFileSync(cap, "v1");
  writeFileSync(shared, "v1");
  let runs = 0;
  handle = await watchAndRun(
    async () => {
      runs += 1;
      if (runs === 1) return [cap]; // the importer is broken: its import is not read
      if (runs === 2) {
        writeFileSync(shared, "edited while this run reads it"); // not yet watched: no event
        return [cap, shared];
      }
      return [cap, shared];
    },
    (err) => {
      throw err;
    },
    30,
  );
  expect(runs).toBe(1);
  writeFileSync(cap, "v2 (fixed)");
  await waitFor(() => runs >= 3);
  await new Promise((r) => setTimeout(r, 200));
  expect(runs).toBe(3);
});

test("an untouched newly watched file causes no extra run", async () => {
  root = mkdtempSync(join(tmpdir(), "ng-watch-"));
  mkdirSync(join(root, "shared"));
  const cap = join(root, "cap.yaml");
  const shared = join(root, "shared", "svc.yaml");
  writeFileSync(shared, "v1");
  writeFileSync(cap, "v1");
  await new Promise((r) => setTimeout(r, 100)); // older than any run's start, beyond the slack
  let runs = 0;
  handle = await watchAndRun(
    async () => {
      runs += 1;
      return runs === 1 ? [cap] : [cap, shared];
    },
    (err) => {
      throw err;
    },
    30,
  );
  writeFileSync(cap, "v2");
  await waitFor(() => runs >= 2);
  await new Promise((r) => setTimeout(r, 300));
  expect(runs).toBe(2);
});
