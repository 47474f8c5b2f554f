import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';

/*
 * Creating 10,000 small files is most of what the disk costs `convert` (0.2–0.6 ms of kernel time each on this
 * machine, as much as the whole conversion of a workload), and it needs nothing from the conversion but the bytes. So
 * a big output is written by a second thread, on the second core, while the main thread makes the next workloads:
 * the disk's time overlaps the conversion's instead of adding to it.
 *
 * Invariants (each has a test in test/reliability/writer-thread.test.ts):
 * - files are written in the order they were handed over, each file's name in the journal before its first byte,
 *   exactly as the in-thread writer does (a killed run is cleaned up the same way);
 * - {@link WriterThread.flush} returns only when every file handed over is on disk, or throws the first failure;
 * - after a failure nothing more is written, and the failure is thrown by the next call (never lost, never late
 *   beyond the next file or the flush);
 * - what is handed over but not yet written is bounded ({@link MAX_PENDING_CHARACTERS}), so a slow disk makes the
 *   conversion wait rather than holding the estate's manifests in memory.
 */

/** State shared with the thread: the messages it has finished, the characters still pending, and flags. */
const DONE = 0;
const PENDING = 1;
const FAILED = 2;
const CANCELLED = 3;
const READY = 4;

/** How long the thread may take to start before the run gives up on it rather than wait forever. */
const START_TIMEOUT_MS = 60_000;

/** Characters handed over and not yet written, at most: about 2 MB, a hundred workloads' files. */
export const MAX_PENDING_CHARACTERS = 1024 * 1024;

/*
 * The thread, as plain JavaScript with only node: modules: it then runs the same from dist, under tsx and under
 * ts-jest, none of which has to know how to load a TypeScript worker.
 */
const THREAD_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { directory, journal, state: shared, port, failures } = workerData;
const state = new Int32Array(shared);
Atomics.store(state, ${READY}, 1);
const made = new Set();
let fd;
function handle(message) {
  if (Atomics.load(state, ${FAILED}) !== 0 || Atomics.load(state, ${CANCELLED}) !== 0) {
    if (fd !== undefined) { try { fs.closeSync(fd); } catch {} fd = undefined; }
    return;
  }
  try {
    if (message.file !== undefined) {
      fs.writeSync(journal, message.file + '\\n');
      const file = path.join(directory, message.file);
      const parent = path.dirname(file);
      if (!made.has(parent)) { fs.mkdirSync(parent, { recursive: true }); made.add(parent); }
      if (message.text !== undefined) {
        fs.writeFileSync(file, message.text, { flag: 'wx' });
      } else {
        fd = fs.openSync(file, 'wx');
      }
    } else if (message.piece !== undefined) {
      fs.writeSync(fd, message.piece);
    } else if (message.end) {
      const closing = fd;
      fd = undefined;
      fs.closeSync(closing);
    }
  } catch (error) {
    failures.postMessage({ message: String(error && error.message), code: error && error.code, path: error && error.path });
    Atomics.store(state, ${FAILED}, 1);
  }
}
port.on('message', (message) => {
  handle(message);
  Atomics.sub(state, ${PENDING}, message.size || 0);
  Atomics.add(state, ${DONE}, 1);
  Atomics.notify(state, ${DONE});
});
`;

/** A failure the thread met, as the Error the in-thread write would have thrown (its code and path kept). */
function failureOf(data: { message: string; code?: string; path?: string }): NodeJS.ErrnoException {
  return Object.assign(new Error(data.message), { code: data.code, path: data.path });
}

/** Writes files into a staging directory on a second thread; see the invariants above. */
export class WriterThread {
  /** Starts the thread; the journal is the staging journal's open descriptor, which the thread appends to. */
  static start(directory: string, journal: number): WriterThread {
    const state = new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT));
    const work = new MessageChannel();
    const failures = new MessageChannel();
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { directory, journal, state: state.buffer, port: work.port2, failures: failures.port2 },
      transferList: [work.port2, failures.port2],
    });
    // The run ends when the main thread is done; the thread never keeps the process alive on its own.
    worker.unref();
    return new WriterThread(worker, work.port1, failures.port1, state);
  }

  private failure: NodeJS.ErrnoException | undefined;
  /** Messages handed over: only this thread counts them. */
  private posted = 0;
  private readonly started = Date.now();

  private constructor(
    private readonly worker: Worker,
    private readonly work: MessagePort,
    private readonly failures: MessagePort,
    private readonly state: Int32Array,
  ) {}

  /** Hands one file over, whole or in pieces; waits first while too much is pending. Throws an earlier failure. */
  write(relative: string, content: string | Iterable<string>): void {
    if (typeof content === 'string') {
      this.post({ file: relative, text: content, size: content.length });
      return;
    }
    this.post({ file: relative, size: 0 });
    for (const piece of content) {
      this.post({ piece, size: piece.length });
    }
    this.post({ end: true, size: 0 });
  }

  /** Waits until everything handed over is written; throws the first failure. */
  flush(): void {
    this.waitUntil(() => Atomics.load(this.state, DONE) >= this.posted);
    this.throwFailure();
  }

  /** Stops the thread: what is still pending is not written. Returns once it has stopped writing. */
  stop(): void {
    Atomics.store(this.state, CANCELLED, 1);
    this.waitUntil(() => Atomics.load(this.state, DONE) >= this.posted);
    this.work.close();
    this.failures.close();
    void this.worker.terminate();
  }

  private post(message: { size: number; file?: string; text?: string; piece?: string; end?: boolean }): void {
    this.throwFailure();
    // A file bigger than the bound alone is handed over once nothing else is pending.
    this.waitUntil(() => {
      const pending = Atomics.load(this.state, PENDING);
      return pending === 0 || pending + message.size <= MAX_PENDING_CHARACTERS;
    });
    Atomics.add(this.state, PENDING, message.size);
    this.posted++;
    this.work.postMessage(message);
  }

  /** Blocks this thread until `done()`; woken each time the thread finishes a message. */
  private waitUntil(done: () => boolean): void {
    for (;;) {
      const finished = Atomics.load(this.state, DONE);
      // After a failure the thread writes nothing more: there is nothing left to wait for.
      if (done() || this.failed()) {
        return;
      }
      // A thread that could not start reports it only to the event loop this wait blocks: give up, do not hang.
      if (Atomics.load(this.state, READY) === 0 && Date.now() - this.started > START_TIMEOUT_MS) {
        throw new Error(`the writer thread did not start within ${START_TIMEOUT_MS / 1000} s`);
      }
      Atomics.wait(this.state, DONE, finished, 1000);
    }
  }

  private failed(): boolean {
    return Atomics.load(this.state, FAILED) !== 0;
  }

  private throwFailure(): void {
    if (this.failure === undefined && this.failed()) {
      // The thread posts the failure before it raises the flag, so it is there to be received.
      const received = receiveMessageOnPort(this.failures);
      this.failure = failureOf(
        (received?.message as { message: string; code?: string; path?: string }) ?? { message: 'a write failed' },
      );
    }
    if (this.failure !== undefined) {
      throw this.failure;
    }
  }
}
