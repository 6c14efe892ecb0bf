// Relation algebra over the events of one execution graph: sets and binary relations as bit
// matrices (32 events per word), with the operators the LKMM's axioms are written in:
// union, intersection, difference, sequence (;), inverse, closures, [S];r;[T], acyclicity.

/** A set of event ids 0..n-1. */
export class EventSet {
  readonly bits: Uint32Array;
  constructor(readonly n: number, bits?: Uint32Array) { this.bits = bits ?? new Uint32Array(words(n)); }

  static of(n: number, ids: Iterable<number>): EventSet {
    const s = new EventSet(n);
    for (const i of ids) s.add(i);
    return s;
  }
  static where(n: number, keep: (i: number) => boolean): EventSet {
    const s = new EventSet(n);
    for (let i = 0; i < n; i++) if (keep(i)) s.add(i);
    return s;
  }

  has(i: number): boolean { return ((this.bits[i >>> 5] ?? 0) >>> (i & 31) & 1) === 1; }
  add(i: number): void { this.bits[i >>> 5] = (this.bits[i >>> 5] ?? 0) | (1 << (i & 31)); }
  union(o: EventSet): EventSet { return this.zip(o, (a, b) => a | b); }
  inter(o: EventSet): EventSet { return this.zip(o, (a, b) => a & b); }
  minus(o: EventSet): EventSet { return this.zip(o, (a, b) => a & ~b); }
  /** Every event not in this set. */
  not(): EventSet { return EventSet.where(this.n, (i) => !this.has(i)); }
  isEmpty(): boolean { return this.bits.every((w) => w === 0); }
  ids(): number[] { const out: number[] = []; for (let i = 0; i < this.n; i++) if (this.has(i)) out.push(i); return out; }

  private zip(o: EventSet, f: (a: number, b: number) => number): EventSet {
    const out = new Uint32Array(this.bits.length);
    for (let k = 0; k < out.length; k++) out[k] = f(this.bits[k] ?? 0, o.bits[k] ?? 0) >>> 0;
    return new EventSet(this.n, out);
  }
}

function words(n: number): number { return Math.max(1, (n + 31) >>> 5); }

/** A binary relation over event ids 0..n-1: row i holds the set {j | i r j}. */
export class Rel {
  readonly w: number;
  readonly bits: Uint32Array;
  constructor(readonly n: number, bits?: Uint32Array) {
    this.w = words(n);
    this.bits = bits ?? new Uint32Array(n * this.w);
  }

  static of(n: number, pairs: Iterable<readonly [number, number]>): Rel {
    const r = new Rel(n);
    for (const [a, b] of pairs) r.add(a, b);
    return r;
  }
  /** [S]: the identity restricted to S (all events when S is omitted). */
  static id(n: number, s?: EventSet): Rel {
    const r = new Rel(n);
    for (let i = 0; i < n; i++) if (!s || s.has(i)) r.add(i, i);
    return r;
  }
  /** S × T. */
  static cross(s: EventSet, t: EventSet): Rel {
    const r = new Rel(s.n);
    for (let i = 0; i < s.n; i++) if (s.has(i)) r.bits.set(t.bits, i * r.w);
    return r;
  }
  static where(n: number, keep: (a: number, b: number) => boolean): Rel {
    const r = new Rel(n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (keep(a, b)) r.add(a, b);
    return r;
  }

  has(a: number, b: number): boolean { return ((this.bits[a * this.w + (b >>> 5)] ?? 0) >>> (b & 31) & 1) === 1; }
  add(a: number, b: number): void {
    const k = a * this.w + (b >>> 5);
    this.bits[k] = (this.bits[k] ?? 0) | (1 << (b & 31));
  }

  union(...os: Rel[]): Rel {
    const out = this.bits.slice();
    for (const o of os) for (let k = 0; k < out.length; k++) out[k] = ((out[k] ?? 0) | (o.bits[k] ?? 0)) >>> 0;
    return new Rel(this.n, out);
  }
  inter(o: Rel): Rel { return this.zip(o, (a, b) => a & b); }
  minus(o: Rel): Rel { return this.zip(o, (a, b) => a & ~b); }

  /** this ; o — a then b: {(a, c) | a this b, b o c}. */
  seq(o: Rel): Rel {
    const out = new Rel(this.n);
    const w = this.w;
    for (let a = 0; a < this.n; a++) {
      for (let kw = 0; kw < w; kw++) {
        let word = this.bits[a * w + kw] ?? 0;
        while (word !== 0) {
          const low = word & -word;
          const b = kw * 32 + (31 - Math.clz32(low));
          word = (word ^ low) >>> 0;
          for (let k = 0; k < w; k++) out.bits[a * w + k] = ((out.bits[a * w + k] ?? 0) | (o.bits[b * w + k] ?? 0)) >>> 0;
        }
      }
    }
    return out;
  }
  /** r1 ; r2 ; ... ; rk, left to right. */
  static chain(first: Rel, ...rest: Rel[]): Rel { return rest.reduce((acc, r) => acc.seq(r), first); }

  inv(): Rel {
    const out = new Rel(this.n);
    this.forEach((a, b) => out.add(b, a));
    return out;
  }
  /** r? = r ∪ id. */
  opt(): Rel { return this.union(Rel.id(this.n)); }
  /** r+ (Warshall over bit rows). */
  plus(): Rel {
    const out = new Rel(this.n, this.bits.slice());
    const w = this.w;
    for (let k = 0; k < this.n; k++) {
      for (let a = 0; a < this.n; a++) {
        if (!out.has(a, k)) continue;
        for (let j = 0; j < w; j++) out.bits[a * w + j] = ((out.bits[a * w + j] ?? 0) | (out.bits[k * w + j] ?? 0)) >>> 0;
      }
    }
    return out;
  }
  /** r* = r+ ∪ id. */
  star(): Rel { return this.plus().opt(); }
  /** [S] ; r ; [T] (either side left open when undefined). */
  restrict(s: EventSet | undefined, t: EventSet | undefined): Rel {
    const out = new Rel(this.n);
    for (let a = 0; a < this.n; a++) {
      if (s && !s.has(a)) continue;
      for (let k = 0; k < this.w; k++) {
        const word = this.bits[a * this.w + k] ?? 0;
        out.bits[a * this.w + k] = (t ? word & (t.bits[k] ?? 0) : word) >>> 0;
      }
    }
    return out;
  }
  domain(): EventSet { return EventSet.where(this.n, (a) => this.row(a).some((x) => x !== 0)); }
  range(): EventSet { return this.inv().domain(); }

  isEmpty(): boolean { return this.bits.every((x) => x === 0); }
  irreflexive(): boolean { for (let a = 0; a < this.n; a++) if (this.has(a, a)) return false; return true; }
  acyclic(): boolean { return this.plus().irreflexive(); }
  pairs(): [number, number][] { const out: [number, number][] = []; this.forEach((a, b) => out.push([a, b])); return out; }
  forEach(f: (a: number, b: number) => void): void {
    for (let a = 0; a < this.n; a++) for (let b = 0; b < this.n; b++) if (this.has(a, b)) f(a, b);
  }
  equals(o: Rel): boolean { return this.bits.every((x, k) => x === o.bits[k]); }

  /** A shortest cycle of this relation (event ids, first not repeated), or undefined when acyclic. */
  cycle(): number[] | undefined {
    let best: number[] | undefined;
    for (let start = 0; start < this.n; start++) {
      const path = this.shortestPath(start, start);
      if (path && (!best || path.length < best.length)) best = path;
    }
    return best;
  }

  /** Breadth-first: from `from` to `to` through at least one edge, without the final `to`. */
  private shortestPath(from: number, to: number): number[] | undefined {
    const prev = new Map<number, number>();
    const queue = [from];
    for (let qi = 0; qi < queue.length; qi++) {
      const a = queue[qi] ?? 0;
      for (let b = 0; b < this.n; b++) {
        if (!this.has(a, b)) continue;
        if (b === to) {
          const path = [a];
          for (let x = a; x !== from; x = prev.get(x) ?? from) path.unshift(prev.get(x) ?? from);
          return path;
        }
        if (!prev.has(b) && b !== from) { prev.set(b, a); queue.push(b); }
      }
    }
    return undefined;
  }

  private row(a: number): Uint32Array { return this.bits.subarray(a * this.w, (a + 1) * this.w); }
  private zip(o: Rel, f: (a: number, b: number) => number): Rel {
    const out = new Uint32Array(this.bits.length);
    for (let k = 0; k < out.length; k++) out[k] = f(this.bits[k] ?? 0, o.bits[k] ?? 0) >>> 0;
    return new Rel(this.n, out);
  }
}
