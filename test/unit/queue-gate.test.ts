import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WaitingRoom } from '#features/waiting-room/port.ts';
import { QueueGate, type QueueSnapshot } from '#features/waiting-room/queue-gate.ts';

/**
 * The container's view of each waiting room (the queue shard sees one read per container per
 * second): what each caller gets, and what is kept, when reads overlap, fail, or the settings
 * change underneath. The Redis-backed counterpart is test/waiting-room/status-fast-path.test.ts.
 */

const settings: QueueSnapshot['settings'] = {
  enabled: true,
  admitPerMinute: 60,
  admissionTtlSeconds: 600,
  captcha: false,
  opensAtMs: 0,
  claimWindowMs: 60_000,
};
const line = (served: number): QueueSnapshot['line'] => ({
  served,
  tail: 10,
  nextSlotAtMs: 0,
  sealed: true,
  admitted: { paced: 1, returned: 0 },
  returnedPlaces: 0,
});

/** A waiting room whose reads the test answers one by one, in order. */
function manualRoom() {
  const pending: { resolve: (s: QueueSnapshot) => void; reject: (e: unknown) => void }[] = [];
  const room = {
    snapshot: vi.fn(
      () =>
        new Promise<QueueSnapshot>((resolve, reject) => {
          pending.push({ resolve, reject });
        }),
    ),
  };
  return { room: room as unknown as WaitingRoom, reads: room.snapshot, pending };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('QueueGate', () => {
  it('shares one read between concurrent misses, then answers from memory until the line is ttl old', async () => {
    vi.useFakeTimers();
    const { room, reads, pending } = manualRoom();
    const gate = new QueueGate(room, 1000);
    const callers = Array.from({ length: 50 }, () => gate.snapshot('s1'));
    expect(reads).toHaveBeenCalledTimes(1);
    pending[0]!.resolve({ settings, line: line(1) });
    for (const got of await Promise.all(callers)) expect(got?.line.served).toBe(1);
    vi.advanceTimersByTime(999);
    expect((await gate.snapshot('s1'))?.line.served).toBe(1);
    expect(reads).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2);
    const again = gate.snapshot('s1');
    expect(reads).toHaveBeenCalledTimes(2);
    pending[1]!.resolve({ settings, line: line(2) });
    expect((await again)?.line.served).toBe(2);
  });

  it('gives a failed read to every caller waiting on it and keeps nothing: the next request reads again', async () => {
    const { room, reads, pending } = manualRoom();
    const gate = new QueueGate(room, 1000);
    const a = gate.snapshot('s1');
    const b = gate.snapshot('s1');
    pending[0]!.reject(new Error('redis frozen'));
    await expect(a).rejects.toThrow('redis frozen');
    await expect(b).rejects.toThrow('redis frozen');
    const c = gate.snapshot('s1');
    expect(reads).toHaveBeenCalledTimes(2);
    pending[1]!.resolve({ settings, line: line(3) });
    expect((await c)?.line.served).toBe(3);
  });

  it('does not keep a read that was under way when the settings changed (forget)', async () => {
    const { room, reads, pending } = manualRoom();
    const gate = new QueueGate(room, 1000);
    const before = gate.snapshot('s1');
    gate.forget('s1');
    const after = gate.snapshot('s1');
    expect(reads).toHaveBeenCalledTimes(2);
    pending[0]!.resolve({ settings, line: line(1) });
    expect((await before)?.line.served).toBe(1);
    pending[1]!.resolve({ settings: { ...settings, admitPerMinute: 120 }, line: line(1) });
    expect((await after)?.settings.admitPerMinute).toBe(120);
    expect((await gate.snapshot('s1'))?.settings.admitPerMinute).toBe(120);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('keeps a remembered line no longer than the read it refreshes: the settings are re-read on time', async () => {
    vi.useFakeTimers();
    const { room, reads, pending } = manualRoom();
    const gate = new QueueGate(room, 1000);
    const first = gate.snapshot('s1');
    pending[0]!.resolve({ settings, line: line(1) });
    await first;
    vi.advanceTimersByTime(600);
    gate.remember('s1', { settings, line: line(5) });
    expect((await gate.snapshot('s1'))?.line.served).toBe(5);
    vi.advanceTimersByTime(401);
    void gate.snapshot('s1');
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('remembers a line for a session it had not read yet, for a full ttl', async () => {
    vi.useFakeTimers();
    const { room, reads } = manualRoom();
    const gate = new QueueGate(room, 1000);
    gate.remember('s2', { settings, line: line(7) });
    vi.advanceTimersByTime(999);
    expect((await gate.snapshot('s2'))?.line.served).toBe(7);
    expect(reads).not.toHaveBeenCalled();
  });
});
