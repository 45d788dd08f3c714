import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// src/dbt/prestart.ts
import { existsSync as existsSync2 } from "node:fs";
import { join as join3, resolve as resolve3 } from "node:path";

// src/dbt/locate.ts
import { execFileSync } from "node:child_process";
import { closeSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
var DbtNotFoundError = class extends Error {
  /** Every path that was tried, in order. */
  tried;
  constructor(message, tried) {
    super(message);
    this.name = "DbtNotFoundError";
    this.tried = tried;
  }
};
var WINDOWS = process.platform === "win32";
var BIN_DIR = WINDOWS ? "Scripts" : "bin";
var DBT_NAMES = WINDOWS ? ["dbt.exe", "dbt"] : ["dbt"];
var PYTHON_NAMES = WINDOWS ? ["python.exe", "python3.exe"] : ["python", "python3"];
var HINT = "Install dbt-core and an adapter (e.g. `pip install dbt-core dbt-duckdb` in a virtualenv), or pass --dbt PATH.";
function locateDbt(opts) {
  const cwd = opts.cwd ?? process.cwd();
  const tried = [];
  if (opts.dbtPath !== void 0 && opts.dbtPath !== "") {
    const explicit = opts.dbtPath;
    const candidates2 = isBareName(explicit) ? pathCandidates(explicit, opts.env) : [resolve(cwd, explicit)];
    for (const candidate of candidates2) {
      tried.push(candidate);
      if (isFile(candidate)) return withPython(candidate, opts.env);
    }
    throw new DbtNotFoundError(
      `dbt not found at ${explicit}${candidates2.length > 1 || candidates2[0] !== explicit ? ` (tried ${candidates2.join(", ")})` : ""}: it must be an existing dbt executable. ${HINT}`,
      tried
    );
  }
  const candidates = [];
  const venv = opts.env.VIRTUAL_ENV;
  if (venv) candidates.push(...DBT_NAMES.map((n) => join(resolve(cwd, venv), BIN_DIR, n)));
  for (let dir = resolve(cwd, opts.projectDir); ; dir = dirname(dir)) {
    candidates.push(...DBT_NAMES.map((n) => join(dir, ".venv", BIN_DIR, n)));
    if (dirname(dir) === dir) break;
  }
  candidates.push(...DBT_NAMES.map((n) => join(resolve(cwd), ".venv", BIN_DIR, n)));
  for (const name of DBT_NAMES) candidates.push(...pathCandidates(name, opts.env));
  const seen = /* @__PURE__ */ new Set();
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    tried.push(candidate);
    if (isFile(candidate)) return withPython(candidate, opts.env);
  }
  throw new DbtNotFoundError(`dbt not found. Looked for:
  ${tried.join("\n  ")}
${HINT}`, tried);
}
function withPython(dbt, env) {
  const python = pythonFor(dbt, env);
  if (!python) {
    const engine = newEngineVersion(probeVersion(dbt, env));
    if (engine) throw new DbtNotFoundError(unsupportedEngineMessage(dbt, engine), [dbt]);
    throw new DbtNotFoundError(
      `found dbt at ${dbt} but not the Python interpreter that runs it (no python next to it, no usable #! line). ${HINT}`,
      [dbt]
    );
  }
  return { dbt, python };
}
function pythonFor(dbt, env = process.env) {
  const fromShebang = shebangInterpreter(dbt, env);
  if (fromShebang && fromShebang.absolute) return fromShebang.path;
  const dirs = [dirname(dbt)];
  try {
    const real = realpathSync(dbt);
    if (dirname(real) !== dirs[0]) dirs.push(dirname(real));
  } catch {
  }
  for (const dir of dirs) {
    for (const name of PYTHON_NAMES) {
      const candidate = join(dir, name);
      if (isFile(candidate)) return candidate;
    }
  }
  return fromShebang?.path;
}
function shebangInterpreter(script, env) {
  const head = readHead(script, 1024);
  if (!head.startsWith("#!")) return void 0;
  const lines = head.split(/\r?\n/);
  const words = lines[0].slice(2).trim().split(/\s+/);
  let interpreter = words[0] ?? "";
  if (interpreter.endsWith("/env")) interpreter = words.slice(1).find((w) => !w.startsWith("-")) ?? "";
  if (/\/(ba|da)?sh$/.test(interpreter)) {
    const exec = lines.slice(1, 4).join("\n").match(/^'''exec' "?([^"\s]+)"?/m);
    interpreter = exec ? exec[1] : "";
  }
  if (!interpreter || !/python/i.test(interpreter.split(/[\\/]/).pop() ?? "")) return void 0;
  if (isAbsolute(interpreter)) return isFile(interpreter) ? { path: interpreter, absolute: true } : void 0;
  const found = pathCandidates(interpreter, env).find(isFile);
  return found ? { path: found, absolute: false } : void 0;
}
function pathCandidates(name, env) {
  const path = env.PATH ?? env.Path ?? "";
  return path.split(delimiter).filter((dir) => dir !== "").map((dir) => join(dir, name));
}
function isBareName(p) {
  return !p.includes("/") && !p.includes("\\");
}
function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
function readHead(file, bytes) {
  try {
    const fd = openSync(file, "r");
    try {
      const buf = Buffer.alloc(bytes);
      const n = readSync(fd, buf, 0, bytes, 0);
      return buf.subarray(0, n).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}
var SUPPORTED_DBT = "dbt-core 1.10, 1.11 and 1.12";
var PIN = "pin dbt-core with its adapter, e.g. `pip install dbt-core==1.12.6 dbt-duckdb==1.11.1`";
function newEngineVersion(versionOutput) {
  if (!versionOutput) return void 0;
  const fusion = versionOutput.match(/\bdbt-fusion\s+v?(\d+\.\d+\S*)/i);
  if (fusion) return fusion[1];
  const plain = versionOutput.match(/^\s*dbt(?:-core)?\s+v?([2-9]\.\d+\S*)/im);
  return plain ? plain[1] : void 0;
}
function unsupportedEngineMessage(dbt, version) {
  return `${dbt} is the new dbt engine (dbt ${version}), which dbt-orchestrator cannot drive yet: it supports ${SUPPORTED_DBT}; ${PIN}, and pass --dbt to that install if another dbt comes first on PATH`;
}
function probeVersion(dbt, env) {
  try {
    return execFileSync(dbt, ["--version"], { env, encoding: "utf8", timeout: 15e3, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const out = error.stdout;
    return typeof out === "string" ? out : void 0;
  }
}

// src/dbt/spawn.ts
import { spawn } from "node:child_process";
import { closeSync as closeSync2, existsSync, openSync as openSync2 } from "node:fs";
import { dirname as dirname2, join as join2, resolve as resolve2 } from "node:path";
import { fileURLToPath } from "node:url";
function bridgeScriptPath() {
  const here = dirname2(fileURLToPath(import.meta.url));
  const candidates = [join2(here, "dbt_bridge"), resolve2(here, "..", "..", "python", "dbt_bridge")];
  for (const candidate of candidates) if (existsSync(join2(candidate, "__main__.py"))) return candidate;
  throw new Error(`the dbt_bridge package (dbt_bridge/__main__.py) was not found; looked at ${candidates.join(", ")}`);
}
function bridgeEnv(opts) {
  return { PYTHONUNBUFFERED: "1", PYTHONIOENCODING: "utf-8", ...opts.env ?? process.env };
}
function spawnBridge(opts) {
  const logFd = opts.logFile === void 0 ? void 0 : openSync2(opts.logFile, "a");
  try {
    return spawn(opts.python, [opts.bridgeScript], {
      cwd: opts.projectDir,
      env: bridgeEnv(opts),
      stdio: ["pipe", logFd ?? "ignore", logFd ?? "pipe", "pipe"],
      windowsHide: true
    });
  } finally {
    if (logFd !== void 0) closeSync2(logFd);
  }
}
function spawnKey(opts) {
  const env = Object.entries(bridgeEnv(opts)).filter(([, v]) => v !== void 0).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
  return JSON.stringify([opts.python, opts.bridgeScript, opts.projectDir, opts.logFile ?? null, env]);
}

// src/dbt/prestart.ts
var BRIDGE_COMMANDS = /* @__PURE__ */ new Set(["build", "run", "test", "seed", "snapshot", "plan", "freshness"]);
function flagValue(argv2, name) {
  let value;
  for (let i = 1; i < argv2.length; i++) {
    const arg = argv2[i];
    if (arg === "--") break;
    if (arg === name) value = argv2[i + 1];
    else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
  }
  return value;
}
function bridgeLogFile(projectDir) {
  return join3(projectDir, "logs", "dbt-orchestrator.log");
}
function prestartBridge(argv2, env, cwd) {
  if (!BRIDGE_COMMANDS.has(argv2[0] ?? "") || argv2.some((a) => a === "--shard" || a.startsWith("--shard="))) return void 0;
  let opts;
  let child;
  try {
    const projectDir = resolve3(cwd, flagValue(argv2, "--project-dir") ?? ".");
    const logFile = bridgeLogFile(projectDir);
    if (!existsSync2(join3(projectDir, "dbt_project.yml")) || !existsSync2(logFile)) return void 0;
    const { python } = locateDbt({ dbtPath: flagValue(argv2, "--dbt"), projectDir, env, cwd });
    opts = { python, bridgeScript: bridgeScriptPath(), projectDir, env, logFile };
    child = spawnBridge(opts);
  } catch {
    return void 0;
  }
  const key = spawnKey(opts);
  let failed = false;
  const onFailure = () => {
    failed = true;
  };
  child.once("error", onFailure);
  child.once("exit", onFailure);
  let settled = false;
  const release = () => {
    settled = true;
    child.off("error", onFailure);
    child.off("exit", onFailure);
  };
  return {
    take(want) {
      if (settled) return void 0;
      release();
      if (!failed && child.exitCode === null && child.signalCode === null && spawnKey(want) === key) return child;
      stop(child);
      return void 0;
    },
    discard() {
      if (settled) return;
      release();
      stop(child);
    }
  };
}
function stop(child) {
  child.on("error", () => void 0);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const stream of child.stdio) stream?.destroy();
  child.unref();
}

// src/bin.ts
var argv = process.argv.slice(2);
var prestarted = prestartBridge(argv, process.env, process.cwd());
try {
  const { main } = await import("./cli-main.js");
  process.exitCode = await main({ argv, env: process.env, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), prestarted });
} finally {
  prestarted?.discard();
}
