import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { MediaService } from './media.service';
import { MediaRepository } from './persistence/media.repository';

/** An upload nobody sent or made an avatar within this time is deleted. */
export const ABANDONED_AFTER_MS = 24 * 3_600_000;
const SWEEP_EVERY_MS = 3_600_000;
const BATCH = 100;

/**
 * Deletes uploads that were never used (an attachment picked and then not sent), records and
 * stored objects both. Every instance sweeps; the repository hands each upload to one of them.
 */
@Injectable()
export class AbandonedUploadsSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AbandonedUploadsSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repository: MediaRepository,
    private readonly media: MediaService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) =>
        this.logger.error({ err: error }, 'Sweeping abandoned uploads failed'),
      );
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Deletes every upload left unused since before `now - 24 h`; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - ABANDONED_AFTER_MS);
    let total = 0;
    for (;;) {
      const batch = await this.repository.deleteAbandoned(cutoff, BATCH);
      for (const upload of batch) await this.media.removeStored(upload.storageKey);
      total += batch.length;
      if (batch.length < BATCH) break;
    }
    if (total > 0) this.logger.log({ count: total }, 'Deleted abandoned uploads');
    return total;
  }
}
