// Vector helpers shared by the kernels (AVX-512F), inlined into each.
#ifndef PAPERBOY_VECTOR_MATH_H
#define PAPERBOY_VECTOR_MATH_H

#include <immintrin.h>
#include <math.h>
#include <stdint.h>

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

/// The largest of p[0..<n] (p 64-byte aligned, n > 0).
AVX512 INLINE float row_max(const float *p, int n) {
    __m512 high = _mm512_set1_ps(-INFINITY);
    for (int j = 0; j < n; j += 16) high = _mm512_mask_max_ps(high, first(n - j), high, _mm512_load_ps(p + j));
    return _mm512_reduce_max_ps(high);
}

/// `count` vectors (the lanes outside `valid` ignored, their bytes 0) to uint8 over their
/// range, a ≈ step·u + minimum, into `out`. A constant set gets step 1 and u = 0, which is exact.
AVX512 INLINE void quantize_range_u8(const __m512 *v, const __mmask16 *valid, int count, uint8_t *out,
                                     float *step, float *minimum) {
    __m512 low = _mm512_set1_ps(INFINITY), high = _mm512_set1_ps(-INFINITY);
    for (int c = 0; c < count; c++) {
        low = _mm512_mask_min_ps(low, valid[c], low, v[c]);
        high = _mm512_mask_max_ps(high, valid[c], high, v[c]);
    }
    float lo = _mm512_reduce_min_ps(low), hi = _mm512_reduce_max_ps(high);
    float s = hi > lo ? (hi - lo) / 255 : 1;
    *step = s;
    *minimum = lo;
    __m512 lowV = _mm512_set1_ps(lo), inverse = _mm512_set1_ps(1 / s), zero = _mm512_setzero_ps();
    for (int c = 0; c < count; c++) {
        __m512 t = _mm512_mul_ps(_mm512_sub_ps(v[c], lowV), inverse);
        // Round to nearest (the default mode), then saturate to 0...255 on the way down.
        __m512i i = _mm512_maskz_cvtps_epi32(valid[c], _mm512_max_ps(t, zero));
        _mm_storeu_si128((__m128i *)(out + c * 16), _mm512_cvtusepi32_epi8(i));
    }
}

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
