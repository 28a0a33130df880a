/** Domain events carried by the event bus (EventBridge in AWS). */
export interface SeatsReleased {
  sessionId: string;
  holdId: string;
  reason: 'RELEASED' | 'EXPIRED';
  seats: number;
}

export interface DomainEvents {
  SeatsReleased: SeatsReleased;
}

export type DomainEvent = {
  [K in keyof DomainEvents]: { type: K; detail: DomainEvents[K] };
}[keyof DomainEvents];

export interface EventBus {
  publish(events: DomainEvent[]): Promise<void>;
}

export const EVENT_SOURCE = 'ticketing';
