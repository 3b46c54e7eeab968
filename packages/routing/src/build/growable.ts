type TypedArrayConstructor<T> = { new (length: number): T };
type NumericArray = Float64Array | Float32Array | Uint32Array | Int32Array | Uint8Array;

/** An append-only typed array that doubles when full; `toArray` trims to the used length. */
export class Growable<T extends NumericArray> {
  private data: T;
  length = 0;
  constructor(
    private readonly Kind: TypedArrayConstructor<T>,
    initialCapacity = 1024,
  ) {
    this.data = new Kind(initialCapacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new this.Kind(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  get(index: number): number {
    return this.data[index];
  }
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }
}
