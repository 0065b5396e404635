;; out = A·Bᵀ for row-major float64 matrices in this module's memory (byte offsets), the kernel
;; behind cross-dots.ts. Two rows of A against four rows of B at a time (2 × 4 register tile), the
;; row length walked two values per step in f64x2 lanes: each A vector feeds four products and each B
;; vector two. An odd last value is added in scalar. A has aRows rows, B bRows, both `len` long; out
;; is aRows × bRows. With `upper` set (A and B the same matrix), a row i starts at column i & ~3, so
;; tiles wholly below the diagonal are skipped (their cells are left as they were).
;; An odd last row of A is paired with itself (computed twice, written once).
;; Build: node scripts/build-wasm.js (writes cross-dots-wasm.ts).
(module
  (memory (export "memory") 1)

  (func $dot2 (param $pa i32) (param $qa i32) (param $p i32) (param $len2 i32) (param $odd i32)
                (param $o0 i32) (param $o1 i32) (param $write1 i32)
    ;; One column of B against the two rows of A: out[o0] and, if write1, out[o1].
    (local $k i32) (local $s0 v128) (local $s1 v128) (local $b v128) (local $r0 f64) (local $r1 f64)
    (local $x f64)
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $k) (local.get $len2)))
        (local.set $b (v128.load (i32.add (local.get $p) (local.get $k))))
        (local.set $s0 (f64x2.add (local.get $s0)
          (f64x2.mul (v128.load (i32.add (local.get $pa) (local.get $k))) (local.get $b))))
        (local.set $s1 (f64x2.add (local.get $s1)
          (f64x2.mul (v128.load (i32.add (local.get $qa) (local.get $k))) (local.get $b))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $step)))
    (local.set $r0 (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
    (local.set $r1 (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))
    (if (local.get $odd)
      (then
        (local.set $x (f64.load (i32.add (local.get $p) (local.get $len2))))
        (local.set $r0 (f64.add (local.get $r0)
          (f64.mul (f64.load (i32.add (local.get $pa) (local.get $len2))) (local.get $x))))
        (local.set $r1 (f64.add (local.get $r1)
          (f64.mul (f64.load (i32.add (local.get $qa) (local.get $len2))) (local.get $x))))))
    (f64.store (local.get $o0) (local.get $r0))
    (if (local.get $write1) (then (f64.store (local.get $o1) (local.get $r1)))))

  (func $addTail (param $o i32) (param $x f64) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32)
                   (param $at i32)
    ;; out[o + c] += x · (value at byte `at` of column row c), for the four columns of a tile
    (f64.store offset=0 (local.get $o) (f64.add (f64.load offset=0 (local.get $o))
      (f64.mul (local.get $x) (f64.load (i32.add (local.get $p0) (local.get $at))))))
    (f64.store offset=8 (local.get $o) (f64.add (f64.load offset=8 (local.get $o))
      (f64.mul (local.get $x) (f64.load (i32.add (local.get $p1) (local.get $at))))))
    (f64.store offset=16 (local.get $o) (f64.add (f64.load offset=16 (local.get $o))
      (f64.mul (local.get $x) (f64.load (i32.add (local.get $p2) (local.get $at))))))
    (f64.store offset=24 (local.get $o) (f64.add (f64.load offset=24 (local.get $o))
      (f64.mul (local.get $x) (f64.load (i32.add (local.get $p3) (local.get $at)))))))

  (func (export "crossDots") (param $a i32) (param $aRows i32) (param $b i32) (param $bRows i32)
                             (param $len i32) (param $out i32) (param $upper i32)
    (local $rowBytes i32) (local $len2 i32) (local $odd i32) (local $outRow i32)
    (local $i i32) (local $i1 i32) (local $pa i32) (local $qa i32) (local $write1 i32)
    (local $j i32) (local $k i32) (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $o0 i32) (local $o1 i32)
    (local $u v128) (local $v v128) (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local $x f64) (local $y f64)
    (local.set $rowBytes (i32.shl (local.get $len) (i32.const 3)))
    ;; bytes of the even part of a row, and whether a last odd value follows it
    (local.set $len2 (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3)))
    (local.set $odd (i32.and (local.get $len) (i32.const 1)))
    (local.set $outRow (i32.shl (local.get $bRows) (i32.const 3)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $aRows)))
        (local.set $i1 (i32.add (local.get $i) (i32.const 1)))
        (local.set $write1 (i32.lt_u (local.get $i1) (local.get $aRows)))
        (if (i32.eqz (local.get $write1)) (then (local.set $i1 (local.get $i))))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $qa (i32.add (local.get $a) (i32.mul (local.get $i1) (local.get $rowBytes))))
        (local.set $j (select (i32.and (local.get $i) (i32.const -4)) (i32.const 0) (local.get $upper)))
        ;; 2 × 4 tiles
        (block $tilesDone
          (loop $tiles
            (br_if $tilesDone (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $bRows)))
            (local.set $p0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $rowBytes))))
            (local.set $p1 (i32.add (local.get $p0) (local.get $rowBytes)))
            (local.set $p2 (i32.add (local.get $p1) (local.get $rowBytes)))
            (local.set $p3 (i32.add (local.get $p2) (local.get $rowBytes)))
            (local.set $s00 (v128.const i64x2 0 0)) (local.set $s01 (v128.const i64x2 0 0))
            (local.set $s02 (v128.const i64x2 0 0)) (local.set $s03 (v128.const i64x2 0 0))
            (local.set $s10 (v128.const i64x2 0 0)) (local.set $s11 (v128.const i64x2 0 0))
            (local.set $s12 (v128.const i64x2 0 0)) (local.set $s13 (v128.const i64x2 0 0))
            (local.set $k (i32.const 0))
            (block $stepsDone
              (loop $steps
                (br_if $stepsDone (i32.ge_u (local.get $k) (local.get $len2)))
                (local.set $u (v128.load (i32.add (local.get $pa) (local.get $k))))
                (local.set $v (v128.load (i32.add (local.get $qa) (local.get $k))))
                (local.set $b0 (v128.load (i32.add (local.get $p0) (local.get $k))))
                (local.set $b1 (v128.load (i32.add (local.get $p1) (local.get $k))))
                (local.set $b2 (v128.load (i32.add (local.get $p2) (local.get $k))))
                (local.set $b3 (v128.load (i32.add (local.get $p3) (local.get $k))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $u) (local.get $b0))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $u) (local.get $b1))))
                (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $u) (local.get $b2))))
                (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $u) (local.get $b3))))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $v) (local.get $b0))))
                (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $v) (local.get $b1))))
                (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $v) (local.get $b2))))
                (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $v) (local.get $b3))))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $steps)))
            ;; lane sums: row i at out[i][j..j+3], row i1 (when it is another row) at out[i1][j..j+3]
            (local.set $o0 (i32.add (local.get $out)
              (i32.add (i32.mul (local.get $i) (local.get $outRow)) (i32.shl (local.get $j) (i32.const 3)))))
            (f64.store offset=0 (local.get $o0) (f64.add (f64x2.extract_lane 0 (local.get $s00)) (f64x2.extract_lane 1 (local.get $s00))))
            (f64.store offset=8 (local.get $o0) (f64.add (f64x2.extract_lane 0 (local.get $s01)) (f64x2.extract_lane 1 (local.get $s01))))
            (f64.store offset=16 (local.get $o0) (f64.add (f64x2.extract_lane 0 (local.get $s02)) (f64x2.extract_lane 1 (local.get $s02))))
            (f64.store offset=24 (local.get $o0) (f64.add (f64x2.extract_lane 0 (local.get $s03)) (f64x2.extract_lane 1 (local.get $s03))))
            (if (local.get $write1)
              (then
                (local.set $o1 (i32.add (local.get $o0) (local.get $outRow)))
                (f64.store offset=0 (local.get $o1) (f64.add (f64x2.extract_lane 0 (local.get $s10)) (f64x2.extract_lane 1 (local.get $s10))))
                (f64.store offset=8 (local.get $o1) (f64.add (f64x2.extract_lane 0 (local.get $s11)) (f64x2.extract_lane 1 (local.get $s11))))
                (f64.store offset=16 (local.get $o1) (f64.add (f64x2.extract_lane 0 (local.get $s12)) (f64x2.extract_lane 1 (local.get $s12))))
                (f64.store offset=24 (local.get $o1) (f64.add (f64x2.extract_lane 0 (local.get $s13)) (f64x2.extract_lane 1 (local.get $s13))))))
            (if (local.get $odd)
              (then
                ;; each row's last value, added in scalar to the sums just stored
                (local.set $x (f64.load (i32.add (local.get $pa) (local.get $len2))))
                (call $addTail (local.get $o0) (local.get $x) (local.get $p0) (local.get $p1) (local.get $p2) (local.get $p3) (local.get $len2))
                (if (local.get $write1)
                  (then
                    (local.set $y (f64.load (i32.add (local.get $qa) (local.get $len2))))
                    (call $addTail (local.get $o1) (local.get $y) (local.get $p0) (local.get $p1) (local.get $p2) (local.get $p3) (local.get $len2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $tiles)))
        ;; the last bRows % 4 columns, one at a time
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $bRows)))
            (local.set $o0 (i32.add (local.get $out)
              (i32.add (i32.mul (local.get $i) (local.get $outRow)) (i32.shl (local.get $j) (i32.const 3)))))
            (call $dot2 (local.get $pa) (local.get $qa)
              (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $rowBytes)))
              (local.get $len2) (local.get $odd)
              (local.get $o0) (i32.add (local.get $o0) (local.get $outRow)) (local.get $write1))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows))))
;; kNN's scan of one block of products (rows × width, from crossDots) into each row's k nearest:
  ;; d = max(0, qNorm[a] + xNorm[i] − 2·dot) as the JavaScript search computes it, inserted into the
  ;; row's sorted (dist f64, idx i32) lists of k when it beats the last (ties keep the lower index,
  ;; which came first). `x0` is the block's first training row (the index stored).
  (func (export "nearest") (param $dots i32) (param $rows i32) (param $width i32) (param $qNorm i32)
                           (param $xNorm i32) (param $x0 i32) (param $k i32) (param $dist i32) (param $idx i32)
    (local $a i32) (local $i i32) (local $p i32) (local $row i32) (local $db i32) (local $ib i32)
    (local $last i32) (local $qn f64) (local $dd f64) (local $worst f64) (local $prev f64)
    (local.set $last (i32.sub (local.get $k) (i32.const 1)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $a) (local.get $rows)))
        (local.set $qn (f64.load (i32.add (local.get $qNorm) (i32.shl (local.get $a) (i32.const 3)))))
        (local.set $db (i32.add (local.get $dist) (i32.shl (i32.mul (local.get $a) (local.get $k)) (i32.const 3))))
        (local.set $ib (i32.add (local.get $idx) (i32.shl (i32.mul (local.get $a) (local.get $k)) (i32.const 2))))
        (local.set $worst (f64.load (i32.add (local.get $db) (i32.shl (local.get $last) (i32.const 3)))))
        (local.set $row (i32.add (local.get $dots) (i32.shl (i32.mul (local.get $a) (local.get $width)) (i32.const 3))))
        (local.set $i (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $i) (local.get $width)))
            (local.set $dd (f64.max (f64.const 0)
              (f64.sub
                (f64.add (local.get $qn) (f64.load (i32.add (local.get $xNorm) (i32.shl (local.get $i) (i32.const 3)))))
                (f64.mul (f64.const 2) (f64.load (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 3))))))))
            (if (i32.eqz (f64.ge (local.get $dd) (local.get $worst)))
              (then
                ;; shift the larger ones up one place, then put d where it belongs
                (local.set $p (local.get $last))
                (block $placed
                  (loop $shift
                    (br_if $placed (i32.eqz (local.get $p)))
                    (local.set $prev (f64.load (i32.add (local.get $db) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 3)))))
                    (br_if $placed (i32.eqz (f64.gt (local.get $prev) (local.get $dd))))
                    (f64.store (i32.add (local.get $db) (i32.shl (local.get $p) (i32.const 3))) (local.get $prev))
                    (i32.store (i32.add (local.get $ib) (i32.shl (local.get $p) (i32.const 2)))
                      (i32.load (i32.add (local.get $ib) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 2)))))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br $shift)))
                (f64.store (i32.add (local.get $db) (i32.shl (local.get $p) (i32.const 3))) (local.get $dd))
                (i32.store (i32.add (local.get $ib) (i32.shl (local.get $p) (i32.const 2)))
                  (i32.add (local.get $x0) (local.get $i)))
                (local.set $worst (f64.load (i32.add (local.get $db) (i32.shl (local.get $last) (i32.const 3)))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $cols)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $rows)))))
