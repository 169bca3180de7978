// `npm start` is several processes — npm, the shell it runs the script in, tsx's launcher, and the platform's own
// node — and not every one passes every signal on: tsx relays SIGINT and SIGTERM but not SIGHUP, so a hang-up sent to
// it alone would leave the platform and its Java running with nobody to stop them. The platform therefore watches
// the processes that started it and stops when one of them goes.
import { readFileSync } from 'node:fs';

/**
 * The programs `npm start` runs through (npm names itself after its command, "npm run start"); the first ancestor
 * that is none of these (a login shell, CI's script) is not the platform's.
 */
const isLauncher = (command: string) =>
  ['node', 'tsx', 'sh', 'dash'].includes(command) || command.startsWith('npm');
const WATCH_MS = 1_000;

/** A process as Linux's /proc tells it: its state letter, parent, process group and program; undefined once gone. */
export function readProcess(
  pid: number,
): { state: string; ppid: number; group: number; command: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state ppid pgrp …": the command may itself hold spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const [state = '', ppid, group] = stat.slice(close + 2).split(' ');
    return {
      state,
      ppid: Number(ppid),
      group: Number(group),
      command: stat.slice(stat.indexOf('(') + 1, close),
    };
  } catch {
    return undefined;
  }
}

/** A running process: undefined elsewhere, once it is gone, or while a zombie (exited, not yet reaped). */
function processInfo(pid: number) {
  const info = readProcess(pid);
  return info && info.state !== 'Z' && info.state !== 'X' ? info : undefined;
}

/** The launcher processes above this one, nearest first. */
export function launchers(): number[] {
  const found: number[] = [];
  for (let pid = process.ppid; pid > 1; ) {
    const info = processInfo(pid);
    if (!info || !isLauncher(info.command)) break;
    found.push(pid);
    pid = info.ppid;
  }
  return found;
}

/** Calls `gone` once, when one of `pids` has exited; never keeps the process alive by itself. */
export function watchLifeline(pids: number[], gone: (pid: number) => void): void {
  if (pids.length === 0) return;
  const timer = setInterval(() => {
    const ended = pids.find((pid) => processInfo(pid) === undefined);
    if (ended === undefined) return;
    clearInterval(timer);
    gone(ended);
  }, WATCH_MS);
  timer.unref();
}
