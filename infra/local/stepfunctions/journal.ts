// The executions' journal: one append-only JSON-lines file per execution, replayed on start to resume what ran.
import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { HistoryEvent } from './model.ts';
import { type ExecutionSnapshot, type JournalRecord, replay } from './records.ts';

export interface Journal {
  /** The test clock's offset as last saved. */
  readonly clockOffset: number;
  saveClockOffset(ms: number): void;
  /** Every execution the journal holds; RUNNING ones replayed from their records. */
  load(): ExecutionSnapshot[];
  /** Buffers a record; it reaches the file at the next commit or flush, or when the event loop next turns. */
  append(executionArn: string, record: JournalRecord): void;
  /**
   * Writes what is buffered and `records` at once (a killed process loses none of it) and resolves once they are on
   * disk (a power cut loses none of it): what precedes an action awaits that.
   */
  commit(executionArn: string, ...records: JournalRecord[]): Promise<void>;
  flush(executionArn: string): void;
  /** Keeps a finished execution's snapshot beside its records, so a start reads one small file for it. */
  summarize(snapshot: ExecutionSnapshot): void;
  /** Forgets the summary of an execution that runs again. */
  reopen(executionArn: string): void;
  history(executionArn: string): HistoryEvent[];
  /** Writes what is buffered and then nothing more. */
  close(): void;
}

/** AWS keeps a closed execution's history for 90 days; so does the journal. */
const RETENTION_MS = 90 * 86_400_000;
/** Append descriptors kept open for the executions written to lately, so a record costs one write(2). */
const MAX_OPEN_FILES = 64;

function reviveSnapshot(text: string): ExecutionSnapshot {
  const snapshot = JSON.parse(text) as ExecutionSnapshot;
  const { description } = snapshot;
  description.startDate = new Date(description.startDate);
  if (description.stopDate) description.stopDate = new Date(description.stopDate);
  if (description.redriveDate) description.redriveDate = new Date(description.redriveDate);
  return snapshot;
}

/** Keeps records in memory: what an engine without a journal directory uses, so both run the same code. */
export function memoryJournal(): Journal {
  const records = new Map<string, JournalRecord[]>();
  const append = (executionArn: string, record: JournalRecord) => {
    const list = records.get(executionArn) ?? [];
    list.push(record);
    records.set(executionArn, list);
  };
  return {
    clockOffset: 0,
    saveClockOffset: () => {},
    load: () => [],
    append,
    commit: async (executionArn, ...list) => {
      for (const record of list) append(executionArn, record);
    },
    flush: () => {},
    summarize: () => {},
    reopen: () => {},
    history: (executionArn) =>
      (records.get(executionArn) ?? []).flatMap((record) =>
        record.kind === 'history' ? [record.event] : [],
      ),
    close: () => {},
  };
}

/**
 * Makes writes durable without stalling the event loop: fdatasync runs on libuv's pool, and the writes made while one
 * runs share the next (group commit), so a busy execution costs one sync at a time, not one per record.
 */
function groupCommit(onError: (error: unknown) => void) {
  const running = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  const sync = async (file: string, directory: boolean) => {
    try {
      const handle = await open(file, 'r');
      try {
        await (directory ? handle.sync() : handle.datasync());
      } finally {
        await handle.close();
      }
    } catch (error) {
      // A file removed meanwhile has nothing left to keep; anything else is worth a line in the log.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError(error);
    }
  };
  return (file: string, directory = false): Promise<void> => {
    const waiting = queued.get(file);
    if (waiting) return waiting;
    const start = () => {
      queued.delete(file);
      const syncing = sync(file, directory).finally(() => {
        if (running.get(file) === syncing) running.delete(file);
      });
      running.set(file, syncing);
      return syncing;
    };
    const current = running.get(file);
    if (!current) return start();
    // The sync under way may have started before this write; the next one covers it.
    const next = current.then(start);
    queued.set(file, next);
    return next;
  };
}

/**
 * A journal under `dir`. Every record is written with a synchronous write(2) before the engine goes on, so a killed
 * process loses nothing it had recorded; a commit is also synced to disk before what follows it happens. Finished
 * executions get a summary file (written to a temporary name and renamed, so it is whole or absent) that a start
 * reads instead of their records.
 */
export function fileJournal(dir: string, onError: (error: unknown) => void = () => {}): Journal {
  mkdirSync(dir, { recursive: true });
  const clockFile = path.join(dir, 'clock.json');
  const pending = new Map<string, string[]>();
  const durable = groupCommit(onError);
  let flushScheduled = false;
  let closed = false;
  const descriptors = new Map<string, number>();
  const bases = new Map<string, string>();
  const base = (executionArn: string) => {
    let found = bases.get(executionArn);
    if (found === undefined) {
      found = path.join(dir, createHash('sha256').update(executionArn).digest('hex').slice(0, 32));
      bases.set(executionArn, found);
    }
    return found;
  };
  const recordsFile = (executionArn: string) => `${base(executionArn)}.jsonl`;
  const summaryFile = (executionArn: string) => `${base(executionArn)}.json`;

  let clockOffset = 0;
  try {
    clockOffset = Number((JSON.parse(readFileSync(clockFile, 'utf8')) as { offsetMs: number }).offsetMs) || 0;
  } catch {
    // No clock saved yet: the test clock has never moved.
  }

  function writeAtomically(file: string, text: string): void {
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  }

  /** Appends to an execution's records through a descriptor kept open (the least recently used one is closed). */
  function write(file: string, text: string): void {
    let fd = descriptors.get(file);
    if (fd === undefined) {
      fd = openSync(file, 'a');
      const [oldest] = descriptors;
      if (oldest && descriptors.size >= MAX_OPEN_FILES) release(oldest[0]);
    } else descriptors.delete(file);
    descriptors.set(file, fd);
    const bytes = Buffer.from(text);
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
  }

  function release(file: string): void {
    const fd = descriptors.get(file);
    if (fd === undefined) return;
    descriptors.delete(file);
    closeSync(fd);
  }

  function flush(executionArn: string): void {
    const lines = pending.get(executionArn);
    if (!lines) return;
    pending.delete(executionArn);
    if (!closed) write(recordsFile(executionArn), lines.join(''));
  }

  function flushAll(): void {
    flushScheduled = false;
    for (const executionArn of [...pending.keys()]) flush(executionArn);
  }

  /** Reads an execution's records; a line torn by a kill is dropped and cut off, so later appends start clean. */
  function readRecords(file: string): JournalRecord[] {
    const text = readFileSync(file, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, end)));
    const records: JournalRecord[] = [];
    for (const line of text.slice(0, end).split('\n')) {
      if (line.length === 0) continue;
      try {
        records.push(JSON.parse(line) as JournalRecord);
      } catch {
        // Only the last line can be torn, and that one was cut off above; anything else unreadable is skipped.
      }
    }
    return records;
  }

  return {
    get clockOffset() {
      return clockOffset;
    },
    saveClockOffset(ms) {
      clockOffset = ms;
      if (!closed) writeAtomically(clockFile, JSON.stringify({ offsetMs: ms }));
    },
    load() {
      const names = new Set(readdirSync(dir));
      const snapshots: ExecutionSnapshot[] = [];
      for (const name of names) {
        if (!name.endsWith('.jsonl')) continue;
        const file = path.join(dir, name);
        const summary = file.replace(/\.jsonl$/, '.json');
        let snapshot: ExecutionSnapshot | undefined;
        if (names.has(path.basename(summary))) {
          try {
            snapshot = reviveSnapshot(readFileSync(summary, 'utf8'));
          } catch {
            // An unreadable summary is only a cache: the records say the same.
          }
        }
        snapshot ??= replay(readRecords(file));
        if (!snapshot) continue;
        const { stopDate } = snapshot.description;
        if (stopDate && stopDate.getTime() < Date.now() - RETENTION_MS) {
          rmSync(file, { force: true });
          rmSync(summary, { force: true });
          continue;
        }
        snapshots.push(snapshot);
      }
      return snapshots;
    },
    append(executionArn, record) {
      if (closed) return;
      const lines = pending.get(executionArn) ?? [];
      lines.push(`${JSON.stringify(record)}\n`);
      pending.set(executionArn, lines);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushAll);
      }
    },
    commit(executionArn, ...records) {
      if (closed) return Promise.resolve();
      const lines = pending.get(executionArn) ?? [];
      pending.delete(executionArn);
      for (const record of records) lines.push(`${JSON.stringify(record)}\n`);
      const file = recordsFile(executionArn);
      write(file, lines.join(''));
      // A new file is only durable once its directory entry is.
      if (records[0]?.kind !== 'started') return durable(file);
      return Promise.all([durable(file), durable(dir, true)]).then(() => {});
    },
    flush,
    summarize(snapshot) {
      release(recordsFile(snapshot.description.executionArn));
      if (!closed) writeAtomically(summaryFile(snapshot.description.executionArn), JSON.stringify(snapshot));
    },
    reopen(executionArn) {
      if (!closed) rmSync(summaryFile(executionArn), { force: true });
    },
    history(executionArn) {
      flush(executionArn);
      const file = recordsFile(executionArn);
      try {
        statSync(file);
      } catch {
        return [];
      }
      return readRecords(file).flatMap((record) => (record.kind === 'history' ? [record.event] : []));
    },
    close() {
      flushAll();
      closed = true;
      for (const file of [...descriptors.keys()]) release(file);
    },
  };
}
