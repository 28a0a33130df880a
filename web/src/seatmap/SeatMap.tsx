import { useEffect, useRef } from 'react';
import type { CompactSeatMap, SeatRef } from './layout.ts';
import { SeatMapRenderer } from './renderer.ts';

declare global {
  interface Window {
    /** Read by the browser tests and `npm run bench` (seatMapFirstDrawMs, seatMapPanFrameP95Ms). */
    __seatMap?: SeatMapRenderer;
  }
}

interface Props {
  map: CompactSeatMap;
  selected: string[];
  onSeat(seat: SeatRef, status: string): void;
}

/**
 * The seat map: drag (one finger or the mouse) to pan, pinch or wheel to zoom, tap a seat
 * to pick it. The canvas work is in renderer.ts; this wires pointers and React together.
 */
export function SeatMap({ map, selected, onSeat }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const renderer = useRef<SeatMapRenderer>(undefined);
  const onSeatRef = useRef(onSeat);
  onSeatRef.current = onSeat;

  useEffect(() => {
    const el = canvas.current!;
    const r = new SeatMapRenderer(el, 0);
    renderer.current = r;
    window.__seatMap = r;
    const pointers = new Map<number, { x: number; y: number }>();
    let moved = 0;
    let pinch = 0;
    const local = (e: PointerEvent | WheelEvent) => {
      const b = el.getBoundingClientRect();
      return { x: e.clientX - b.left, y: e.clientY - b.top };
    };
    const down = (e: PointerEvent) => {
      el.setPointerCapture(e.pointerId);
      pointers.set(e.pointerId, local(e));
      moved = 0;
      if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        pinch = Math.hypot(a!.x - b!.x, a!.y - b!.y);
      }
    };
    const move = (e: PointerEvent) => {
      const prev = pointers.get(e.pointerId);
      if (!prev) return;
      const p = local(e);
      pointers.set(e.pointerId, p);
      if (pointers.size === 1) {
        moved += Math.abs(p.x - prev.x) + Math.abs(p.y - prev.y);
        r.panBy(p.x - prev.x, p.y - prev.y);
      } else if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        const d = Math.hypot(a!.x - b!.x, a!.y - b!.y);
        if (pinch > 0) r.zoomAt(d / pinch, (a!.x + b!.x) / 2, (a!.y + b!.y) / 2);
        pinch = d;
        moved = 100;
      }
    };
    const up = (e: PointerEvent) => {
      const p = pointers.get(e.pointerId);
      pointers.delete(e.pointerId);
      if (pointers.size === 0 && p && moved < 6) {
        const seat = r.seatAtPoint(p.x, p.y);
        if (seat) onSeatRef.current(seat, mapRef.current.seats.statuses[seat.index] ?? '2');
      }
    };
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const p = local(e);
      r.zoomAt(Math.exp(-e.deltaY * 0.0015), p.x, p.y);
    };
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    el.addEventListener('wheel', wheel, { passive: false });
    const resize = new ResizeObserver(() => r.requestDraw());
    resize.observe(el);
    return () => {
      resize.disconnect();
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
      el.removeEventListener('wheel', wheel);
      if (window.__seatMap === r) window.__seatMap = undefined;
    };
  }, []);

  const mapRef = useRef(map);
  mapRef.current = map;
  useEffect(() => renderer.current?.setMap(map), [map]);
  useEffect(() => renderer.current?.setSelected(selected), [selected]);

  const zoom = (f: number) => {
    const el = canvas.current!;
    renderer.current?.zoomAt(f, el.clientWidth / 2, el.clientHeight / 2);
  };
  return (
    <div className="seatmap">
      <canvas ref={canvas} className="seatmap-canvas" data-testid="seatmap" aria-label="座位图" />
      <div className="seatmap-tools">
        <button type="button" onClick={() => zoom(1.6)} aria-label="放大">
          ＋
        </button>
        <button type="button" onClick={() => zoom(1 / 1.6)} aria-label="缩小">
          －
        </button>
        <button type="button" onClick={() => renderer.current?.fit()} aria-label="全景">
          ⤢
        </button>
      </div>
    </div>
  );
}
