import { describe, expect, it } from 'vitest';
import { preQueuePollAfter, waitingPollAfter } from '#features/waiting-room/waiting-room.ts';

describe('how often the waiting room tells clients to poll', () => {
  it('pre-queue: a fifth of the time to the opening far from it, once just after it when close', () => {
    expect(preQueuePollAfter(3600, 5)).toBe(60);
    expect(preQueuePollAfter(100, 5)).toBe(20);
    expect(preQueuePollAfter(51, 5)).toBe(11);
    // Within 50 s: back once, after the draw, at the jittered second (never every 2 s).
    expect(preQueuePollAfter(50, 1)).toBe(51);
    expect(preQueuePollAfter(4, 10)).toBe(14);
    expect(preQueuePollAfter(0, 3)).toBe(3);
  });

  it('in line: every 2 s within the next 10 s of admissions, else a fifth of the wait, at most 30 s', () => {
    // 600 a minute: the next 100 places are "soon".
    expect(waitingPollAfter(600, 99, 9)).toBe(2);
    expect(waitingPollAfter(600, 100, 10)).toBe(2);
    expect(waitingPollAfter(600, 500, 50)).toBe(10);
    expect(waitingPollAfter(600, 50_000, 5000)).toBe(30);
  });
});
