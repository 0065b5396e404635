import type { TreeEnsemble } from './tree-ensemble.js';

/** One tree as code: the leaf value a row of float32 features (starting at `o`) reaches. */
type CompiledTree = (x: Float32Array, o: number) => number;

/** Trees with more nodes than this stay on the array walk (the code would be too large to optimize). */
const MAX_NODES_PER_TREE = 4096;

const compiled = new WeakMap<TreeEnsemble, CompiledTree[] | null>();

/**
 * Each tree as a JavaScript function of nested conditionals, made once per model: the JIT keeps the
 * thresholds as constants and the walk needs no node arrays, about twice as fast as walking them.
 * Only numbers go into the source (String() of numbers, integer features; NaN is refused), so a
 * model file cannot inject code. Missing values (NaN) go where the tree's default direction says:
 * `v < t` is false for NaN (right), `!(v >= t)` true (left). Returns null (the array walk) when a tree is too large or odd.
 */
export function compiledTrees(e: TreeEnsemble): CompiledTree[] | null {
  let trees = compiled.get(e);
  if (trees !== undefined) return trees;
  trees = [];
  for (let t = 0; t < e.group.length; t++) {
    const base = e.offsets[t]!;
    const size = e.offsets[t + 1]! - base;
    if (size > MAX_NODES_PER_TREE) {
      trees = null;
      break;
    }
    const source = (n: number): string => {
      const k = base + n;
      const f = e.feature[k]!;
      if (f < 0) return literal(e.value[k]!);
      if (!Number.isInteger(f)) throw new Unsupported();
      const v = `x[o + ${f}]`;
      const thr = literal(e.threshold[k]!);
      const test = e.defaultLeft[k] ? `!(${v} >= ${thr})` : `${v} < ${thr}`;
      return `(${test} ? ${source(e.left[k]!)} : ${source(e.right[k]!)})`;
    };
    try {
      trees.push(new Function('x', 'o', `return ${source(0)};`) as CompiledTree);
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      trees = null;
      break;
    }
  }
  compiled.set(e, trees);
  return trees;
}

function literal(v: number): string {
  if (Number.isNaN(v)) throw new Unsupported();
  // String() round-trips every double exactly (Infinity included); -0 keeps its sign.
  return Object.is(v, -0) ? '-0' : String(v);
}

/** A tree the code generator does not take (then the array walk scores it). */
class Unsupported extends Error {}
