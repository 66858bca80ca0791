// Vector helpers shared by the kernels (AVX-512F), inlined into each.
#ifndef PAPERBOY_VECTOR_MATH_H
#define PAPERBOY_VECTOR_MATH_H

#include <immintrin.h>
#include <math.h>

#define AVX512 __attribute__((target("avx512f")))
#define INLINE static inline __attribute__((always_inline))

INLINE int round_up(int n, int multiple) { return (n + multiple - 1) / multiple * multiple; }

/// The attention kernels' query rows per block: their register tiles hold that many rows ×
/// head_size values (≤ 16 registers).
INLINE int attention_rows(int head_size) { return head_size <= 32 ? 8 : 4; }

/// log2(e): the attention kernels scale Q by it (and 1/√d) to take the softmax in base 2.
#define ATTENTION_SCORE_SCALE 1.4426950408889634f

/// A mask of the first `count` of 16 lanes (none if count ≤ 0, all if ≥ 16).
INLINE __mmask16 first(int count) { return count >= 16 ? 0xFFFF : count <= 0 ? 0 : (__mmask16)((1u << count) - 1); }

/// 2^x for x ≤ 0: x = n + f with |f| ≤ ½, a degree-6 polynomial for 2^f (relative error
/// below 2e-7, float rounding), and 2^n applied by scalef. Below -126 it returns ~0.
AVX512 INLINE __m512 exp2_nonpositive(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(-126));
    __m512 n = _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 f = _mm512_sub_ps(x, n);
    __m512 p = _mm512_set1_ps(1.5403530e-4f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.3333558e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.6181291e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.5504109e-2f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.4022651e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.9314718e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1));
    return _mm512_scalef_ps(p, n);
}

/// erf(x), Eigen's float rational approximation (as VectorMath.erf): within a few ulp, ±1
/// beyond |x| = 4.
AVX512 INLINE __m512 erf_ps(__m512 x) {
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-4)), _mm512_set1_ps(4));
    __m512 x2 = _mm512_mul_ps(x, x);
    __m512 p = _mm512_fmadd_ps(x2, _mm512_set1_ps(-2.72614225801306e-10f), _mm512_set1_ps(2.77068142495902e-08f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-2.10102402082508e-06f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-5.69250639462346e-05f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-7.34990630326855e-04f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-2.95459980854025e-03f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-1.60960333262415e-02f));
    p = _mm512_mul_ps(x, p);
    __m512 q = _mm512_fmadd_ps(x2, _mm512_set1_ps(-1.45660718464996e-05f), _mm512_set1_ps(-2.13374055278905e-04f));
    q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-1.68282697438203e-03f));
    q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-7.37332916720468e-03f));
    q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-1.42647390514189e-02f));
    // p/q as p times 1/q: a reciprocal estimate and one Newton step (within a few ulp; q is
    // at least 0.014 in magnitude). A division would hold its one port several times as long.
    __m512 r = _mm512_rcp14_ps(q);
    r = _mm512_mul_ps(r, _mm512_fnmadd_ps(q, r, _mm512_set1_ps(2)));
    return _mm512_mul_ps(p, r);
}

/// The exact GELU, x/2·(1 + erf(x/√2)), as BERT's "gelu" hidden_act.
AVX512 INLINE __m512 gelu_ps(__m512 x) {
    __m512 e = erf_ps(_mm512_mul_ps(x, _mm512_set1_ps(0.70710678118654752f)));
    return _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), x), _mm512_add_ps(_mm512_set1_ps(1), e));
}

#endif
