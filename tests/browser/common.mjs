// Shared pieces of the browser tests: a headless Chromium that lets a page reach only the
// origin under test, a check collector, running `reach`, and artefact paths.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

export const CHROMIUM = process.env.REACH_CHROMIUM || '/usr/bin/chromium';

// Collects failed checks so that one run reports all of them, then exits non-zero.
export class Checks {
  constructor(name) {
    this.name = name;
    this.passed = 0;
    this.failures = [];
  }

  ok(condition, message) {
    if (condition) {
      this.passed += 1;
    } else {
      this.failures.push(message);
      console.error(`FAIL: ${message}`);
    }
    return Boolean(condition);
  }

  fail(message) {
    return this.ok(false, message);
  }

  // Prints the closing summary; returns the process exit code.
  finish(summary) {
    const failed = this.failures.length;
    if (failed === 0) {
      console.log(`${this.name}: OK, ${this.passed} checks (${summary})`);
      return 0;
    }
    console.error(`${this.name}: ${failed} of ${this.passed + failed} checks FAILED (${summary}):`);
    for (const f of this.failures) console.error(`  - ${f}`);
    return 1;
  }
}

// Thrown for a failure after which the test cannot go on (the page cannot be reached, ...).
export class Fatal extends Error {}

export function usage(script, argv) {
  if (argv.length !== 4) {
    console.error(`usage: node ${script} <reach-exe> <repo-root> <workdir> <artefact-dir>`);
    process.exit(2);
  }
  const [reachExe, repoRoot, workdir, artefactDir] = argv.map((p) => path.resolve(p));
  fs.mkdirSync(workdir, { recursive: true });
  fs.mkdirSync(artefactDir, { recursive: true });
  return { reachExe, repoRoot, workdir, artefactDir };
}

// Every timeout is multiplied by $REACH_TIMEOUT_SCALE (default 1): tools/check-deep drives a
// sanitizer build, several times slower.
export const timeScale = Number(process.env.REACH_TIMEOUT_SCALE) || 1;

// Runs a command to completion; resolves to {code, signal, stdout, stderr}.
export function runCommand(exe, args, { timeoutMs = 240000 * timeScale, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

// Runs `reach run <scenario> --out <outDir> --overwrite --quiet`; throws Fatal unless it exits
// 0 and wrote every file in `expectFiles`.
export async function reachRun(checks, reachExe, scenario, outDir, expectFiles) {
  const args = ['run', scenario, '--out', outDir, '--overwrite', '--quiet'];
  const t0 = Date.now();
  const r = await runCommand(reachExe, args);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const shown = `reach ${args.join(' ')}`;
  if (!checks.ok(r.code === 0, `${shown} exited ${r.code ?? r.signal}`)) {
    console.error(`--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    throw new Fatal(`${shown} failed`);
  }
  console.log(`${shown}: exit 0 in ${seconds} s`);
  for (const f of expectFiles) {
    if (!checks.ok(fs.existsSync(path.join(outDir, f)), `${shown} did not write ${f}`)) {
      throw new Fatal(`${path.join(outDir, f)} missing`);
    }
  }
}

// Launches headless Chromium and opens a page on which:
// - every request whose URL `isAllowed(url)` rejects is aborted and recorded;
// - page errors (uncaught exceptions), console errors and failed allowed requests are recorded.
// `guard.report(checks)` turns what was recorded into failed checks.
export async function openGuardedPage(isAllowed) {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu'],
    defaultViewport: { width: 1280, height: 900 },
  });
  const page = await browser.newPage();
  const guard = { blocked: [], pageErrors: [], consoleErrors: [], failedRequests: [] };
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (isAllowed(url)) {
      request.continue();
    } else {
      guard.blocked.push(url);
      request.abort('blockedbyclient');
    }
  });
  page.on('requestfailed', (request) => {
    const url = request.url();
    if (isAllowed(url) && !isFavicon(url)) {
      guard.failedRequests.push(`${url} (${request.failure()?.errorText ?? 'failed'})`);
    }
  });
  page.on('pageerror', (error) => {
    guard.pageErrors.push(error?.message ?? String(error));
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location()?.url ?? '';
    // Chrome asks for /favicon.ico by itself; a missing one is not the page's error.
    if (isFavicon(where)) return;
    // A request we aborted also logs "Failed to load resource": it is reported as blocked.
    if (guard.blocked.includes(where)) return;
    guard.consoleErrors.push(`${message.text()}${where ? ` [${where}]` : ''}`);
  });
  guard.report = (checks) => {
    const list = (xs) => xs.map((x) => `\n      ${x}`).join('');
    checks.ok(guard.blocked.length === 0,
      `the page requested ${guard.blocked.length} URL(s) outside what it may load:`
      + list(guard.blocked));
    checks.ok(guard.pageErrors.length === 0,
      `${guard.pageErrors.length} uncaught page error(s):${list(guard.pageErrors)}`);
    checks.ok(guard.consoleErrors.length === 0,
      `${guard.consoleErrors.length} console error(s):${list(guard.consoleErrors)}`);
    checks.ok(guard.failedRequests.length === 0,
      `${guard.failedRequests.length} allowed request(s) failed:${list(guard.failedRequests)}`);
  };
  return { browser, page, guard };
}

function isFavicon(url) {
  try {
    return new URL(url).pathname === '/favicon.ico';
  } catch {
    return false;
  }
}

// Inline resources (data:, blob:) are part of the page itself, never a download.
export function isInline(url) {
  return url.startsWith('data:') || url.startsWith('blob:');
}

export async function screenshot(page, file) {
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
}

// Rejects after `ms` with a message naming `what`.
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Fatal(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Every [profile, group, threshold, value] of a summary.json `totals[P][G][field][T]`.
export function totalsEntries(summary, field) {
  const out = [];
  for (const [profile, groups] of Object.entries(summary.totals ?? {})) {
    for (const [group, figures] of Object.entries(groups)) {
      for (const [threshold, value] of Object.entries(figures[field] ?? {})) {
        out.push([profile, group, threshold, value]);
      }
    }
  }
  return out;
}
