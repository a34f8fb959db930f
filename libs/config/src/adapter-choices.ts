import { Injectable } from '@nestjs/common';

/**
 * What each module chose to build on (database, key-value store, mail transport, media storage,
 * and where each cross-domain port is served), so that an app can say so in one line at boot.
 * Modules record their choice where they make it; nothing else reads this.
 */
@Injectable()
export class AdapterChoices {
  private readonly choices = new Map<string, string>();

  record(role: string, choice: string): void {
    this.choices.set(role, choice);
  }

  /** `database: PGlite, key-value: memory, …`, in the order the choices were made. */
  summary(): string {
    return [...this.choices].map(([role, choice]) => `${role}: ${choice}`).join(', ');
  }
}
