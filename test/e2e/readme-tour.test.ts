/**
 * The project README's "Using the client" snippet is true: it type-checks under `strict` against the
 * built generated/portkey-batch package and runs, as written, against the fake Portkey upstream.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startFakePortkey,
  type FakePortkey,
} from "../support/fake-portkey/index.js";
import { runToExit, stopAllProcesses } from "../support/processes.js";
import { CANARY_KEY, PACKAGE_DIR, ROOT, ensureBuilt } from "./helpers.js";

const README_IMPORT = "./generated/portkey-batch/dist/index.js";
const WORK = join(ROOT, ".vitest-tmp", `readme-tour-${process.pid}`);

/** The first ```ts block after "Using the client:". */
function tourSnippet(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("Using the client:");
  if (start < 0)
    throw new Error('README.md has no "Using the client:" section');
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block)
    throw new Error('README.md: no ```ts block after "Using the client:"');
  return block[1]!;
}

/** The snippet with its import pointed at the package from where the copy is written. */
function writeTour(snippet: string): string {
  if (!snippet.includes(README_IMPORT))
    throw new Error(`the README snippet no longer imports ${README_IMPORT}`);
  mkdirSync(WORK, { recursive: true });
  const target = relative(WORK, join(PACKAGE_DIR, "dist/index.js"))
    .split("\\")
    .join("/");
  const file = join(WORK, "tour.mts");
  writeFileSync(
    file,
    snippet
      .split(README_IMPORT)
      .join(target.startsWith(".") ? target : `./${target}`),
  );
  return file;
}

function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: ["node"],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file && d.start !== undefined
        ? d.file.getLineAndCharacterOfPosition(d.start)
        : undefined;
    return `${where ? `${where.line + 1}:${where.character + 1} ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

let fake: FakePortkey;
let tour: string;

beforeAll(async () => {
  await ensureBuilt();
  fake = await startFakePortkey({ apiKey: CANARY_KEY });
  tour = writeTour(tourSnippet());
}, 180_000);

afterAll(async () => {
  await stopAllProcesses();
  await fake?.close();
});

describe("README client tour", () => {
  it("type-checks under strict against the built package", () => {
    expect(typeErrors(tour)).toEqual([]);
  });

  it("fails to type-check when the snippet misuses the client (the check can fail)", () => {
    const broken = join(dirname(tour), "broken.mts");
    writeFileSync(
      broken,
      readFileSync(tour, "utf8").replace(
        "batch_id: 'batch_missing'",
        "batch_id: 42",
      ),
    );
    expect(typeErrors(broken).join("\n")).toMatch(/number.*string/);
  });

  it("runs against the fake upstream: creates a batch, reports the 404, checks the output status", async () => {
    const js = join(WORK, "tour.mjs");
    const source = readFileSync(tour, "utf8");
    writeFileSync(
      js,
      ts.transpileModule(source, {
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.ESNext,
        },
      }).outputText,
    );
    const before = fake.requests.length;
    const run = await runToExit({
      script: js,
      env: {
        PORTKEY_API_KEY: CANARY_KEY,
        PORTKEY_BATCH_BASE_URL: fake.url,
        NAFTIKO_UPSTREAM_RETRIES: "0",
      },
      timeoutMs: 20_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const seen = fake.requests
      .slice(before)
      .map((r) => `${r.method} ${r.path}`);
    expect(seen[0]).toBe("POST /v1/batches");
    expect(seen).toContain("GET /v1/batches/batch_missing");
    expect(seen.at(-1)).toMatch(/^GET \/v1\/batches\/[^/]+\/output$/);
    // The caught UpstreamHttpError of the missing batch, then the not-yet-available output.
    expect(run.stdout).toMatch(/^404 /m);
    expect(run.stdout).toMatch(/^no output yet: 404$/m);
    expect(run.stdout + run.stderr).not.toContain(CANARY_KEY);
  });
});
