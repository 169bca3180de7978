// `npm start` as a person runs it, in its own process group: a hang-up sent to one of its processes alone — tsx's
// launcher, which does not pass SIGHUP on — stops every process of the platform, Java included, and frees its port.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readProcess } from '../../infra/local/lifeline.ts';
import { findFreePort } from '../../infra/local/loopback.ts';

const REPO = path.resolve(import.meta.dirname, '../..');

/** The live processes of a process group, with their programs. */
const groupOf = (pgid: number) =>
  readdirSync('/proc')
    .map(Number)
    .filter(Number.isInteger)
    .flatMap((pid) => {
      const info = readProcess(pid);
      return info && info.group === pgid && info.state !== 'Z' ? [{ pid, ...info }] : [];
    });

describe.runIf(existsSync('/proc'))('npm start, stopped through any one of its processes', () => {
  let child: ChildProcess | undefined;
  let dataDir = '';
  afterAll(async () => {
    // Whatever happened, nothing of it is left behind.
    if (child?.pid) for (const { pid } of groupOf(child.pid)) process.kill(pid, 'SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stops all of itself when tsx’s launcher alone is hung up', async () => {
    // Prepare: the platform started as `npm start` does, on the template the checks synthesized.
    dataDir = await mkdtemp(path.join(tmpdir(), 'huiqi-signals-'));
    const port = await findFreePort();
    child = spawn('npm', ['start', '--', '--no-synth'], {
      cwd: REPO,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(port), HUIQI_DATA_DIR: dataDir },
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child?.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('READY')) resolve();
      });
      child?.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      child?.once('exit', (code) => reject(new Error(`npm start exited (${code}): ${output}`)));
    });
    const group = groupOf(child.pid as number);
    expect(group.map((each) => each.command)).toContain('java');
    const platform = group.find(
      (each) => each.command === 'node' && group.some((p) => p.ppid === each.pid && p.command === 'java'),
    );
    const launcher = group.find((each) => each.pid === platform?.ppid);
    expect(launcher?.command).toBe('node');

    // Act
    process.kill(launcher?.pid as number, 'SIGHUP');

    // Assess: within seconds every process of the group is gone, and the port is free again.
    const deadline = Date.now() + 30_000;
    while (groupOf(child.pid as number).length > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(groupOf(child.pid as number)).toEqual([]);
    expect(output).toContain('已退出，正在停止');
    const free = await fetch(`http://127.0.0.1:${port}/health`).then(
      () => false,
      () => true,
    );
    expect(free).toBe(true);
  }, 120_000);
});
