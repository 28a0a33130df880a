import type { RedisClient } from '#platform/clients/redis.ts';
import { deriveKey } from '#platform/settings/derived-keys.ts';
import { AdmissionTokens } from './admission-tokens.ts';
import type { WaitingRoom } from './port.ts';
import { QueueGate } from './queue-gate.ts';
import { RedisWaitingRoom } from './redis-waiting-room.ts';

/** The lines in Redis, and this container's short-lived view of each session's (the gate). */
export function composeWaitingRoom(infra: { redis: RedisClient }): {
  waitingRoom: WaitingRoom;
  queueGate: QueueGate;
} {
  const waitingRoom = new RedisWaitingRoom(infra.redis);
  return { waitingRoom, queueGate: new QueueGate(waitingRoom) };
}

/** Places and admissions signed with a key derived from the gate secret (GATE_SECRET). */
export function composeAdmissionTokens(gateSecret: string): AdmissionTokens {
  return new AdmissionTokens(deriveKey(gateSecret, 'admission'));
}
