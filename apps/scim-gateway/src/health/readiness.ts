import { Injectable } from '@nestjs/common';

/** Ready once the composition root says the service can take SCIM traffic; not while draining. */
@Injectable()
export class Readiness {
  private ready = false;
  private reason = 'starting';

  markReady(): void {
    this.ready = true;
  }

  markNotReady(reason: string): void {
    this.ready = false;
    this.reason = reason;
  }

  status(): { ready: boolean; reason?: string } {
    return this.ready ? { ready: true } : { ready: false, reason: this.reason };
  }
}
