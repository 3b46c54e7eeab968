import { ForecastError, ForecastErrorCode } from '../errors.ts';

/** NIJ's limits on a cell's side, in feet (62,500–360,000 sq ft). */
export const MIN_CELL_FT = 250;
export const MAX_CELL_FT = 600;
export const SQ_FT_PER_SQ_MI = 5280 * 5280;

export interface GridSpec {
  /** Side of a square cell, feet. */
  cellSize: number;
  /** Rotation of the grid's axes, degrees counter-clockwise from east. */
  rotationDeg: number;
}

/**
 * Square cells of `cellSize` feet on axes rotated by `rotationDeg` around `origin`, covering a
 * rectangle of nx × ny cells. Cell index = row * nx + column; all geometry is planar feet.
 */
export class Grid {
  readonly cos: number;
  readonly sin: number;

  constructor(
    readonly spec: GridSpec,
    readonly originX: number,
    readonly originY: number,
    readonly nx: number,
    readonly ny: number,
  ) {
    const { cellSize, rotationDeg } = spec;
    if (!Number.isFinite(cellSize) || cellSize < MIN_CELL_FT || cellSize > MAX_CELL_FT)
      throw new ForecastError(
        ForecastErrorCode.INVALID_ARGUMENT,
        `cell size ${cellSize} ft is outside NIJ's ${MIN_CELL_FT}–${MAX_CELL_FT} ft`,
        'cellSize',
      );
    if (!Number.isFinite(rotationDeg))
      throw new ForecastError(
        ForecastErrorCode.INVALID_ARGUMENT,
        'rotation is not a finite number of degrees',
        'rotationDeg',
      );
    const r = (rotationDeg * Math.PI) / 180;
    this.cos = Math.cos(r);
    this.sin = Math.sin(r);
  }

  /** The smallest grid of `spec` covering every point, with one empty cell of margin. */
  static covering(spec: GridSpec, points: readonly { x: number; y: number }[]): Grid {
    if (points.length === 0)
      throw new ForecastError(ForecastErrorCode.NO_HISTORY, 'no point to cover', 'points');
    const probe = new Grid(spec, 0, 0, 1, 1);
    let minU = Infinity;
    let minV = Infinity;
    let maxU = -Infinity;
    let maxV = -Infinity;
    for (const p of points) {
      const [u, v] = probe.toGrid(p.x, p.y);
      minU = Math.min(minU, u);
      minV = Math.min(minV, v);
      maxU = Math.max(maxU, u);
      maxV = Math.max(maxV, v);
    }
    const s = spec.cellSize;
    const u0 = Math.floor(minU / s) * s - s;
    const v0 = Math.floor(minV / s) * s - s;
    const nx = Math.floor((maxU - u0) / s) + 2;
    const ny = Math.floor((maxV - v0) / s) + 2;
    const [x0, y0] = probe.fromGrid(u0, v0);
    return new Grid(spec, x0, y0, nx, ny);
  }

  get size(): number {
    return this.nx * this.ny;
  }

  get cellArea(): number {
    return this.spec.cellSize * this.spec.cellSize;
  }

  /** Planar point → coordinates along the grid's axes, relative to the origin. */
  toGrid(x: number, y: number): [number, number] {
    const dx = x - this.originX;
    const dy = y - this.originY;
    return [this.cos * dx + this.sin * dy, -this.sin * dx + this.cos * dy];
  }

  fromGrid(u: number, v: number): [number, number] {
    return [this.originX + this.cos * u - this.sin * v, this.originY + this.sin * u + this.cos * v];
  }

  /** The cell holding the point, or -1 outside the grid. */
  cellOf(x: number, y: number): number {
    const [u, v] = this.toGrid(x, y);
    const i = Math.floor(u / this.spec.cellSize);
    const j = Math.floor(v / this.spec.cellSize);
    if (i < 0 || j < 0 || i >= this.nx || j >= this.ny) return -1;
    return j * this.nx + i;
  }

  centre(cell: number): [number, number] {
    const s = this.spec.cellSize;
    return this.fromGrid(((cell % this.nx) + 0.5) * s, (Math.floor(cell / this.nx) + 0.5) * s);
  }

  /** The cell's corners, counter-clockwise, first repeated last (a GeoJSON ring). */
  ring(cell: number): [number, number][] {
    const s = this.spec.cellSize;
    const u = (cell % this.nx) * s;
    const v = Math.floor(cell / this.nx) * s;
    const corners: [number, number][] = [
      [u, v],
      [u + s, v],
      [u + s, v + s],
      [u, v + s],
      [u, v],
    ];
    return corners.map(([a, b]) => this.fromGrid(a, b));
  }

  /** How many cells fit in `areaSqMi` (NIJ: the forecast area is at most 0.75 sq mi). */
  cellsWithin(areaSqMi: number): number {
    return Math.floor((areaSqMi * SQ_FT_PER_SQ_MI) / this.cellArea + 1e-9);
  }
}
