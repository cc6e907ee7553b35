// How many imports run at once in this process (issue 11 item 2). Reading a workbook holds it in
// memory (ExcelJS builds every cell), so a few files at once, not every upload, may be read; the
// rest wait in order, their job 'queued' with its place in line. The number waiting is bounded
// too: each holds its uploaded file.
import { AppError } from '../errors.js';

export interface ImportQueueLimits {
  /** Imports running at once. */
  concurrency: number;
  /** Imports waiting for a turn; past that an upload is refused (429). */
  maxWaiting: number;
}

export class ImportQueue {
  private running = 0;
  private reserved = 0;
  private waiting: Array<{ jobId: number; start: () => void; drop: () => void }> = [];
  private closed = false;
  /** The most imports seen running at once (for the tests and the benchmark). */
  highWater = 0;

  constructor(readonly limits: ImportQueueLimits) {}

  /**
   * Holds a place for an upload before it is read, so that uploads arriving together cannot all
   * pass the bound. Release it when the upload is refused; submit the job with it otherwise.
   */
  reserve(): { submit: (jobId: number, task: () => Promise<void>) => Promise<void>; release: () => void } {
    const { concurrency, maxWaiting } = this.limits;
    if (this.closed || this.running + this.waiting.length + this.reserved >= concurrency + maxWaiting) {
      throw new AppError(429, 'IMPORT_QUEUE_FULL', `导入任务过多：已有 ${concurrency} 个导入在进行、${maxWaiting} 个在等待，请稍后再上传`);
    }
    this.reserved++;
    let held = true;
    const release = () => {
      if (held) this.reserved--;
      held = false;
    };
    return {
      release,
      submit: (jobId, task) => {
        release();
        return this.submit(jobId, task);
      },
    };
  }

  /** 1 for the next to start; null when the job is not waiting here (running, ended, or another process's). */
  position(jobId: number): number | null {
    const i = this.waiting.findIndex((w) => w.jobId === jobId);
    return i < 0 ? null : i + 1;
  }

  /** Runs the task when a slot is free; the promise settles when the task has ended (or was dropped by close). */
  private submit(jobId: number, task: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      const start = () => {
        this.running++;
        this.highWater = Math.max(this.highWater, this.running);
        task()
          .catch(() => {})
          .finally(() => {
            this.running--;
            this.next();
            resolve();
          });
      };
      if (this.running < this.limits.concurrency) start();
      else this.waiting.push({ jobId, start, drop: resolve });
    });
  }

  private next() {
    while (this.running < this.limits.concurrency && this.waiting.length) this.waiting.shift()!.start();
  }

  /** No more uploads; the jobs still waiting are dropped and their ids returned (the running ones go on). */
  close(): number[] {
    this.closed = true;
    const dropped = this.waiting;
    this.waiting = [];
    for (const w of dropped) w.drop();
    return dropped.map((w) => w.jobId);
  }
}
