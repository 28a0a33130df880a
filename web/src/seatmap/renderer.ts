import {
  type CompactSeatMap,
  type Layout,
  layoutOf,
  type SeatRef,
  seatAt,
  seatBox,
  statusOf,
} from './layout.ts';

/**
 * Draws a seat map on a canvas. The whole map is painted once into a bitmap (one pixel block
 * per seat, written straight into ImageData: ~100,000 seats in a few milliseconds), and a
 * frame is then a single scaled `drawImage` of it, so panning and zooming a stadium cost
 * the same as a theatre. A status change repaints only the changed seats. Zoomed in past
 * the bitmap's resolution, the visible seats are drawn one by one instead (few are visible).
 */
const COLORS = {
  available: [0x3b, 0x82, 0xf6],
  held: [0xf5, 0x9e, 0x0b],
  sold: [0xc8, 0xcc, 0xd2],
  gap: [0xff, 0xff, 0xff],
} as const;
const TIER_COLORS = ['#3b82f6', '#10b981', '#8b5cf6', '#ef4444', '#0ea5e9', '#f97316', '#14b8a6', '#ec4899'];
const MAX_BITMAP_SIDE = 3072;

export interface Perf {
  firstDrawMs?: number;
  paintMs?: number;
  frameMs: number[];
}

export class SeatMapRenderer {
  readonly perf: Perf = { frameMs: [] };
  private map!: CompactSeatMap;
  private layout!: Layout;
  private tierColor = new Map<string, [number, number, number]>();
  private bitmap = document.createElement('canvas');
  private image!: ImageData;
  private pixels!: Uint32Array;
  private cell = 1;
  private scale = 1; // CSS px per seat unit
  private ox = 0; // CSS px offset of the map's origin
  private oy = 0;
  private frame = 0;
  private selected = new Set<string>();

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly started = performance.now(),
  ) {}

  get seatLayout(): Layout {
    return this.layout;
  }

  /** A new map: the layout and bitmap are built again only when the sections changed. */
  setMap(map: CompactSeatMap): void {
    const t0 = performance.now();
    const sameShape =
      this.map &&
      this.map.seatCount === map.seatCount &&
      JSON.stringify(this.map.sections) === JSON.stringify(map.sections);
    if (!sameShape) {
      this.map = map;
      this.layout = layoutOf(map);
      this.tierColor = new Map(
        map.tiers.map((t, i) => [t.tierId, hex(TIER_COLORS[i % TIER_COLORS.length]!)]),
      );
      this.buildBitmap();
      this.fit();
    } else {
      this.repaintChanged(this.map.seats.statuses, map.seats.statuses, map);
      this.map = map;
    }
    this.perf.paintMs = performance.now() - t0;
    this.requestDraw();
  }

  setSelected(seatIds: Iterable<string>): void {
    this.selected = new Set(seatIds);
    this.requestDraw();
  }

  /** The whole map in view. */
  fit(): void {
    const { width, height } = this.cssSize();
    this.scale = Math.min(width / this.layout.width, height / this.layout.height) * 0.96;
    this.ox = (width - this.layout.width * this.scale) / 2;
    this.oy = (height - this.layout.height * this.scale) / 2;
    this.requestDraw();
  }

  panBy(dx: number, dy: number): void {
    this.ox += dx;
    this.oy += dy;
    this.requestDraw();
  }

  /** Zoom by `factor` keeping the point (px, py) (CSS px in the canvas) where it is. */
  zoomAt(factor: number, px: number, py: number): void {
    const min = Math.min(0.05, this.scale);
    const next = Math.min(48, Math.max(min, this.scale * factor));
    const f = next / this.scale;
    this.ox = px - (px - this.ox) * f;
    this.oy = py - (py - this.oy) * f;
    this.scale = next;
    this.requestDraw();
  }

  /** Where a seat is drawn now, in CSS px inside the canvas (tests click there). */
  seatPoint(seatId: string): { x: number; y: number } | undefined {
    const b = seatBox(this.layout, seatId);
    return b && { x: this.ox + (b.x + 0.5) * this.scale, y: this.oy + (b.y + 0.5) * this.scale };
  }

  /** A seat's status character in the map on screen ('0' available, '1' held, '2' sold). */
  seatStatus(seatId: string): string | undefined {
    return statusOf(this.layout, this.map, seatId);
  }

  seatAtPoint(px: number, py: number): SeatRef | undefined {
    return seatAt(this.layout, this.map, (px - this.ox) / this.scale, (py - this.oy) / this.scale);
  }

  tierColorOf(tierId: string): string {
    const c = this.tierColor.get(tierId) ?? COLORS.available;
    return `rgb(${c[0]},${c[1]},${c[2]})`;
  }

  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private cssSize() {
    return { width: this.canvas.clientWidth || 320, height: this.canvas.clientHeight || 320 };
  }

  private colorOf(tierId: string, status: string): readonly number[] {
    if (status === '1') return COLORS.held;
    if (status === '2') return COLORS.sold;
    return this.tierColor.get(tierId) ?? COLORS.available;
  }

  private buildBitmap(): void {
    const side = Math.max(this.layout.width, this.layout.height);
    this.cell = Math.max(1, Math.min(8, Math.floor(MAX_BITMAP_SIDE / side)));
    this.bitmap.width = this.layout.width * this.cell;
    this.bitmap.height = this.layout.height * this.cell;
    const ctx = this.bitmap.getContext('2d')!;
    this.image = ctx.createImageData(this.bitmap.width, this.bitmap.height);
    this.pixels = new Uint32Array(this.image.data.buffer);
    this.pixels.fill(packed(COLORS.gap));
    const statuses = this.map.seats.statuses;
    for (const s of this.layout.sections) {
      for (let r = 0; r < s.rows; r++) {
        const ri = s.rowIndex[r];
        if (ri === undefined) continue;
        const [, , first, count] = this.map.rows[ri]!;
        for (let k = 0; k < count; k++)
          this.paintSeat(s.x + k, s.y + r, this.colorOf(s.tierId, statuses[first + k]!));
      }
    }
    ctx.putImageData(this.image, 0, 0);
  }

  private repaintChanged(before: string, after: string, map: CompactSeatMap): void {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -1;
    let maxY = -1;
    for (const s of this.layout.sections) {
      for (let r = 0; r < s.rows; r++) {
        const ri = s.rowIndex[r];
        if (ri === undefined) continue;
        const [, , first, count] = map.rows[ri]!;
        for (let k = 0; k < count; k++) {
          const i = first + k;
          if (before.charCodeAt(i) === after.charCodeAt(i)) continue;
          const x = s.x + k;
          const y = s.y + r;
          this.paintSeat(x, y, this.colorOf(s.tierId, after[i]!));
          minX = Math.min(minX, x);
          minY = Math.min(minY, y);
          maxX = Math.max(maxX, x);
          maxY = Math.max(maxY, y);
        }
      }
    }
    if (maxX < 0) return;
    const c = this.cell;
    this.bitmap
      .getContext('2d')!
      .putImageData(this.image, 0, 0, minX * c, minY * c, (maxX - minX + 1) * c, (maxY - minY + 1) * c);
  }

  private paintSeat(x: number, y: number, rgb: readonly number[]): void {
    const c = this.cell;
    const value = packed(rgb);
    const w = this.bitmap.width;
    const size = c > 2 ? c - 1 : c; // a one-pixel gap between seats when there is room for it
    for (let dy = 0; dy < size; dy++) {
      const start = (y * c + dy) * w + x * c;
      this.pixels.fill(value, start, start + size);
    }
  }

  private draw(): void {
    const t0 = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const { width, height } = this.cssSize();
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
    }
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    const s = this.scale;
    // The stage.
    ctx.fillStyle = '#1f2937';
    const stageW = Math.min(this.layout.width * 0.5, 200);
    ctx.fillRect(
      this.ox + ((this.layout.width - stageW) / 2) * s,
      this.oy,
      stageW * s,
      this.layout.stage * s,
    );
    if (this.layout.stage * s > 12) {
      ctx.fillStyle = '#fff';
      ctx.font = `${Math.min(24, this.layout.stage * s * 0.5)}px sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(
        '舞台 STAGE',
        this.ox + (this.layout.width / 2) * s,
        this.oy + (this.layout.stage / 2) * s,
      );
    }
    if (s <= this.cell * 1.5) {
      ctx.imageSmoothingEnabled = s < this.cell;
      ctx.drawImage(
        this.bitmap,
        this.ox,
        this.oy,
        (this.bitmap.width * s) / this.cell,
        (this.bitmap.height * s) / this.cell,
      );
    } else {
      this.drawSeats(ctx, width, height);
    }
    this.drawLabels(ctx);
    ctx.lineWidth = Math.max(1.5, s * 0.15);
    ctx.strokeStyle = '#e5484d';
    ctx.fillStyle = 'rgba(229,72,77,0.9)';
    for (const id of this.selected) {
      const b = seatBox(this.layout, id);
      if (!b) continue;
      const x = this.ox + b.x * s;
      const y = this.oy + b.y * s;
      const size = Math.max(s * 0.9, 3);
      ctx.fillRect(x, y, size, size);
      if (s < 6) ctx.strokeRect(x - 3, y - 3, size + 6, size + 6);
    }
    const ms = performance.now() - t0;
    if (this.perf.firstDrawMs === undefined) this.perf.firstDrawMs = performance.now() - this.started;
    this.perf.frameMs.push(ms);
    if (this.perf.frameMs.length > 2000) this.perf.frameMs.splice(0, 1000);
  }

  /** Zoomed in: each visible seat as a rounded block, with its number when there is room. */
  private drawSeats(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const s = this.scale;
    const statuses = this.map.seats.statuses;
    const ux0 = -this.ox / s;
    const uy0 = -this.oy / s;
    const ux1 = ux0 + width / s;
    const uy1 = uy0 + height / s;
    ctx.font = `${Math.min(12, s * 0.45)}px sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const sec of this.layout.sections) {
      if (sec.x > ux1 || sec.y > uy1 || sec.x + sec.seatsPerRow < ux0 || sec.y + sec.rows < uy0) continue;
      const r0 = Math.max(0, Math.floor(uy0 - sec.y));
      const r1 = Math.min(sec.rows - 1, Math.ceil(uy1 - sec.y));
      const k0 = Math.max(0, Math.floor(ux0 - sec.x));
      const k1 = Math.min(sec.seatsPerRow - 1, Math.ceil(ux1 - sec.x));
      for (let r = r0; r <= r1; r++) {
        const ri = sec.rowIndex[r];
        if (ri === undefined) continue;
        const [, , first, count] = this.map.rows[ri]!;
        for (let k = k0; k <= Math.min(k1, count - 1); k++) {
          const st = statuses[first + k]!;
          const c = this.colorOf(sec.tierId, st);
          ctx.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`;
          const x = this.ox + (sec.x + k) * s;
          const y = this.oy + (sec.y + r) * s;
          ctx.fillRect(x + s * 0.08, y + s * 0.08, s * 0.84, s * 0.84);
          if (s >= 22 && st === '0') {
            ctx.fillStyle = '#fff';
            ctx.fillText(String(k + 1), x + s / 2, y + s / 2);
          }
        }
      }
    }
  }

  private drawLabels(ctx: CanvasRenderingContext2D): void {
    const s = this.scale;
    const size = Math.min(16, s * 1.6);
    if (size < 7) return;
    ctx.fillStyle = '#374151';
    ctx.font = `${size}px sans-serif`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    for (const sec of this.layout.sections)
      ctx.fillText(sec.name, this.ox + sec.x * s, this.oy + (sec.y - 0.3) * s, sec.seatsPerRow * s);
  }
}

function hex(h: string): [number, number, number] {
  const n = Number.parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** RGBA as the little-endian Uint32 an ImageData buffer holds. */
function packed(rgb: readonly number[]): number {
  return ((255 << 24) | (rgb[2]! << 16) | (rgb[1]! << 8) | rgb[0]!) >>> 0;
}
