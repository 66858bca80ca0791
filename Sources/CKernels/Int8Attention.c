// Self-attention at int8 precision: Attention.c's fused structure (per head, per block of
// query rows: scores, softmax, weighted sum of V while the block is in L1) with integer
// products on AVX-512 VNNI.
//
// - Q·Kᵀ on vpdpbusd: each query row uint8 over its own range (q ≈ scale·u + minimum), each
//   key int8 over its largest magnitude (k ≈ kscale·t), so
//       q·k ≈ kscale · (scale · Σ u·t + minimum · Σ t).
// - The softmax in f32, as Attention.c.
// - softmax·V on vpdpwssd (pairs of int16 products into int32): the weights, in (0, 1] with the
//   row's largest exactly 1, on WEIGHT_LEVELS steps; V int16 per dimension over its largest
//   magnitude. Weights at 8 bits failed the quality guard: a long text's hundreds of small
//   weights round the same way and their errors add up instead of averaging out.
#include "Kernels.h"
#include "VectorMath.h"

#include <stdint.h>
#include <string.h>

#define VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

enum {
    KEYS = 32,            // key positions per score tile: two zmm registers per query row
    WEIGHT_LEVELS = 4095, // softmax weights on 12 bits
    VALUE_LEVELS = 1023,  // V on 11 bits (fewer for sequences so long that the sums could overflow)
};

/// The scratch memory of one sequence, carved from one 64-byte aligned block: Q, K and V of
/// every head, packed in one pass over the rows (which the prefetcher follows; one head's
/// columns are a stride it does not), and one block's scores. The shapes below are one head's;
/// `head_view` points the per-head arrays at one head.
typedef struct {
    int8_t *keys;          // [padded / KEYS][d / 4][KEYS][4]: 4 dimensions of a key per vpdpbusd lane
    float *key_scale;      // [padded]: kscale (0 for padding keys)
    float *key_offset;     // [padded]: kscale · Σ t, which the query minimum multiplies
    uint8_t *queries;      // [padded rows][d]
    float *query_scale;    // [padded rows]
    float *query_minimum;  // [padded rows]
    int16_t *values;       // [padded / 2][d][2]: a pair of keys' values per vpdpwssd lane
    float *value_scale;    // [d]
    float *value_inverse;  // [d]: levels over the largest magnitude (0 for a dimension of zeros)
    float *scores;         // [8][padded]: one block's scores, then their exponentials
    int16_t *weights;      // [8][padded]: one block's softmax weights on WEIGHT_LEVELS steps
} Scratch;

/// The next `bytes` of `base` from `*used` (NULL when only counting), 64-byte aligned.
static void *carve(char *base, size_t *used, size_t bytes) {
    void *part = base ? base + *used : NULL;
    *used += (bytes + 63) / 64 * 64;
    return part;
}

/// Lays the scratch out from `base` (NULL to count) and returns its size in bytes.
static size_t layout(int n, int heads, int d, char *base, Scratch *s) {
    size_t padded = (size_t)round_up(n, KEYS), rows = (size_t)round_up(n, 8), used = 0;
    s->keys = carve(base, &used, heads * padded * d);
    s->key_scale = carve(base, &used, heads * padded * sizeof(float));
    s->key_offset = carve(base, &used, heads * padded * sizeof(float));
    s->queries = carve(base, &used, heads * rows * d);
    s->query_scale = carve(base, &used, heads * rows * sizeof(float));
    s->query_minimum = carve(base, &used, heads * rows * sizeof(float));
    s->values = carve(base, &used, heads * padded * d * sizeof(int16_t));
    s->value_scale = carve(base, &used, (size_t)heads * d * sizeof(float));
    s->value_inverse = carve(base, &used, (size_t)heads * d * sizeof(float));
    s->scores = carve(base, &used, 8 * padded * sizeof(float));
    s->weights = carve(base, &used, 8 * padded * sizeof(int16_t));
    return used;
}

size_t attention_int8_scratch_bytes(int longest, int heads, int head_size) {
    Scratch s;
    return layout(longest, heads, head_size, NULL, &s);
}

/// The per-head arrays of `all` for one head.
static Scratch head_view(const Scratch *all, int head, int n, int d) {
    size_t padded = (size_t)round_up(n, KEYS), rows = (size_t)round_up(n, 8);
    Scratch s = *all;
    s.keys += head * padded * d;
    s.key_scale += head * padded;
    s.key_offset += head * padded;
    s.queries += head * rows * d;
    s.query_scale += head * rows;
    s.query_minimum += head * rows;
    s.values += head * padded * d;
    s.value_scale += head * d;
    s.value_inverse += head * d;
    return s;
}

/// Q + bias, times `scale`, to uint8 per row and head over that row's range; padding rows are zero.
VNNI static void pack_queries(const float *q, const float *bias, int n, int heads, int d, int stride, float scale,
                              const Scratch *s) {
    const int rows = round_up(n, 8);
    const __m512 scaleV = _mm512_set1_ps(scale);
    for (int i = 0; i < n; i++)
        for (int head = 0; head < heads; head++) {
            const float *in = q + (size_t)i * stride + head * d, *b = bias + head * d;
            size_t at = (size_t)head * rows + i;
            __m512 row[4];
            const __mmask16 all[4] = {0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF};
            for (int c = 0; c < d / 16; c++)
                row[c] = _mm512_mul_ps(_mm512_add_ps(_mm512_loadu_ps(in + c * 16), _mm512_loadu_ps(b + c * 16)), scaleV);
            quantize_range_u8(row, all, d / 16, s->queries + at * d, &s->query_scale[at], &s->query_minimum[at]);
        }
    for (int head = 0; head < heads; head++) {
        size_t at = (size_t)head * rows;
        memset(s->queries + (at + n) * d, 0, (size_t)(rows - n) * d);
        for (int i = n; i < rows; i++) s->query_scale[at + i] = s->query_minimum[at + i] = 0;
    }
}

/// K + bias to int8 per key and head over its largest magnitude, into the score tiles; padding
/// keys are zero.
VNNI static void pack_keys(const float *k, const float *bias, int n, int heads, int d, int stride, const Scratch *s) {
    const int padded = round_up(n, KEYS);
    memset(s->keys, 0, (size_t)heads * padded * d);
    for (int j = 0; j < heads * padded; j++) s->key_scale[j] = s->key_offset[j] = 0;
    for (int j = 0; j < n; j++)
        for (int head = 0; head < heads; head++) {
            const float *in = k + (size_t)j * stride + head * d, *b = bias + head * d;
            __m512 key[4], largest = _mm512_setzero_ps();
            for (int c = 0; c < d / 16; c++) {
                key[c] = _mm512_add_ps(_mm512_loadu_ps(in + c * 16), _mm512_loadu_ps(b + c * 16));
                largest = _mm512_max_ps(largest, _mm512_abs_ps(key[c]));
            }
            float top = _mm512_reduce_max_ps(largest);
            if (top == 0) continue; // an all-zero key: t = 0 and scale 0, as padding
            __m512 inverse = _mm512_set1_ps(127 / top);
            __m512i sum = _mm512_setzero_si512();
            int8_t *tile = s->keys + (size_t)head * padded * d + (size_t)(j / KEYS) * KEYS * d + (j % KEYS) * 4;
            for (int c = 0; c < d / 16; c++) {
                __m512i t = _mm512_cvtps_epi32(_mm512_mul_ps(key[c], inverse));
                sum = _mm512_add_epi32(sum, t);
                int8_t bytes[16];
                _mm_storeu_si128((__m128i *)bytes, _mm512_cvtsepi32_epi8(t));
                // Dimensions c·16 + 4g ... + 3 go to this key's lane in step c·4 + g.
                for (int g = 0; g < 4; g++) memcpy(tile + (size_t)(c * 4 + g) * KEYS * 4, bytes + 4 * g, 4);
            }
            s->key_scale[head * padded + j] = top / 127;
            s->key_offset[head * padded + j] = top / 127 * (float)_mm512_reduce_add_epi32(sum);
        }
}

/// V (without its bias) to int16 per dimension over its largest magnitude, in key pairs per head.
VNNI static void pack_values(const float *v, int n, int heads, int d, int stride, int levels, const Scratch *s) {
    const int padded = round_up(n, KEYS), hidden = heads * d;
    float *largest = s->value_scale; // each dimension's largest magnitude, then its scale
    for (int c = 0; c < hidden; c += 16) _mm512_storeu_ps(largest + c, _mm512_setzero_ps());
    for (int j = 0; j < n; j++)
        for (int c = 0; c < hidden; c += 16)
            _mm512_storeu_ps(largest + c, _mm512_max_ps(_mm512_loadu_ps(largest + c), _mm512_abs_ps(_mm512_loadu_ps(v + (size_t)j * stride + c))));
    const __m512 levelsV = _mm512_set1_ps((float)levels);
    for (int c = 0; c < hidden; c += 16) {
        // A dimension that is zero throughout gets scale 0 and values 0.
        __m512 top = _mm512_loadu_ps(largest + c);
        _mm512_storeu_ps(s->value_inverse + c, _mm512_maskz_div_ps(_mm512_cmp_ps_mask(top, _mm512_setzero_ps(), _CMP_GT_OQ), levelsV, top));
        _mm512_storeu_ps(largest + c, _mm512_div_ps(top, levelsV));
    }
    for (int j = 0; j < padded; j += 2)
        for (int c = 0; c < hidden; c += 16) {
            __m512 inverse = _mm512_loadu_ps(s->value_inverse + c);
            __m512i even = j < n ? _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(v + (size_t)j * stride + c), inverse))
                                 : _mm512_setzero_si512();
            __m512i odd = j + 1 < n ? _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(v + (size_t)(j + 1) * stride + c), inverse))
                                    : _mm512_setzero_si512();
            __m512i pair = _mm512_or_si512(_mm512_and_si512(even, _mm512_set1_epi32(0xFFFF)), _mm512_slli_epi32(odd, 16));
            int head = c / d;
            _mm512_storeu_si512(s->values + (size_t)head * padded * d + ((size_t)(j / 2) * d + c % d) * 2, pair);
        }
}

/// acc += a·b in pairs of int16 products, as _mm512_dpwssd_epi32. In assembly because LLVM
/// splits that intrinsic into vpmaddwd + vpaddd, two instructions for one, unless it tunes
/// for a CPU it knows runs vpdpwssd fast.
VNNI INLINE __m512i dpwssd(__m512i acc, __m512i a, __m512i b) {
    __asm__("vpdpwssd %2, %1, %0" : "+v"(acc) : "v"(a), "v"(b));
    return acc;
}

/// One block of ROWS query rows (from `first_row`) of one head; `rows` of them are real.
VNNI INLINE void attend_block(const Scratch *s, int first_row, int n, int rows, const float *value_bias,
                              float *out, int out_stride, const int ROWS, const int CHUNKS) {
    const int d = CHUNKS * 16, padded = round_up(n, KEYS);
    const uint8_t *queries = s->queries + (size_t)first_row * d;
    const float *query_scale = s->query_scale + first_row, *query_minimum = s->query_minimum + first_row;

    for (int j0 = 0; j0 < padded; j0 += KEYS) {
        const int8_t *tile = s->keys + (size_t)j0 * d;
        __m512i acc[8][2]; // fixed sizes (ROWS ≤ 8, CHUNKS ≤ 4) so that the registers are allocated
        for (int r = 0; r < ROWS; r++) acc[r][0] = acc[r][1] = _mm512_setzero_si512();
        for (int step = 0; step < d / 4; step++) {
            __m512i k0 = _mm512_load_si512(tile + step * KEYS * 4), k1 = _mm512_load_si512(tile + step * KEYS * 4 + 64);
            for (int r = 0; r < ROWS; r++) {
                int32_t four;
                memcpy(&four, queries + r * d + step * 4, 4);
                __m512i u = _mm512_set1_epi32(four);
                acc[r][0] = _mm512_dpbusd_epi32(acc[r][0], u, k0);
                acc[r][1] = _mm512_dpbusd_epi32(acc[r][1], u, k1);
            }
        }
        __m512 ks0 = _mm512_load_ps(s->key_scale + j0), ks1 = _mm512_load_ps(s->key_scale + j0 + 16);
        __m512 ko0 = _mm512_load_ps(s->key_offset + j0), ko1 = _mm512_load_ps(s->key_offset + j0 + 16);
        for (int r = 0; r < ROWS; r++) {
            __m512 qs = _mm512_set1_ps(query_scale[r]), qm = _mm512_set1_ps(query_minimum[r]);
            float *row = s->scores + r * padded + j0;
            _mm512_store_ps(row, _mm512_fmadd_ps(_mm512_mul_ps(qs, ks0), _mm512_cvtepi32_ps(acc[r][0]), _mm512_mul_ps(qm, ko0)));
            _mm512_store_ps(row + 16, _mm512_fmadd_ps(_mm512_mul_ps(qs, ks1), _mm512_cvtepi32_ps(acc[r][1]), _mm512_mul_ps(qm, ko1)));
        }
    }

    float inverse[8];
    const __m512 levels = _mm512_set1_ps(WEIGHT_LEVELS);
    for (int r = 0; r < ROWS; r++) {
        const float *p = s->scores + r * padded;
        __m512 top = _mm512_set1_ps(row_max(p, n));
        __m512i sum = _mm512_setzero_si512();
        for (int j = 0; j < padded; j += 16) {
            // Key positions past the end get weight 0; the largest score gets WEIGHT_LEVELS.
            __m512 e = exp2_nonpositive(_mm512_sub_ps(_mm512_load_ps(p + j), top));
            __m512i w = _mm512_maskz_cvtps_epi32(first(n - j), _mm512_mul_ps(e, levels));
            sum = _mm512_add_epi32(sum, w);
            _mm256_store_si256((__m256i *)(s->weights + r * padded + j), _mm512_cvtepi32_epi16(w));
        }
        inverse[r] = 1 / (float)_mm512_reduce_add_epi32(sum);
    }

    __m512i acc[8][4];
    for (int r = 0; r < ROWS; r++)
        for (int c = 0; c < CHUNKS; c++) acc[r][c] = _mm512_setzero_si512();
    for (int j = 0; j < n; j += 2) {
        const int16_t *pair = s->values + (size_t)j * d;
        __m512i vj[4];
        for (int c = 0; c < CHUNKS; c++) vj[c] = _mm512_load_si512(pair + c * 32);
        for (int r = 0; r < ROWS; r++) {
            int32_t two;
            memcpy(&two, s->weights + r * padded + j, 4);
            __m512i w = _mm512_set1_epi32(two);
            for (int c = 0; c < CHUNKS; c++) acc[r][c] = dpwssd(acc[r][c], w, vj[c]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < CHUNKS; c++) {
            __m512 scale = _mm512_mul_ps(_mm512_loadu_ps(s->value_scale + c * 16), _mm512_set1_ps(inverse[r]));
            _mm512_storeu_ps(out + (size_t)r * out_stride + c * 16,
                             _mm512_fmadd_ps(_mm512_cvtepi32_ps(acc[r][c]), scale, _mm512_loadu_ps(value_bias + c * 16)));
        }
}

VNNI void attention_int8(const float *qkv, const float *bias, int n, int heads, int d, float *context, void *scratch) {
    const int hidden = heads * d, stride = 3 * hidden, rows = attention_rows(d);
    Scratch all;
    layout(n, heads, d, scratch, &all);
    // Each int32 sum of softmax·V adds at most `padded` products of WEIGHT_LEVELS × levels.
    const int padded = round_up(n, KEYS);
    const int levels = INT32_MAX / WEIGHT_LEVELS / padded < VALUE_LEVELS ? INT32_MAX / WEIGHT_LEVELS / padded : VALUE_LEVELS;
    pack_queries(qkv, bias, n, heads, d, stride, ATTENTION_SCORE_SCALE / sqrtf((float)d), &all);
    pack_keys(qkv + hidden, bias + hidden, n, heads, d, stride, &all);
    pack_values(qkv + 2 * hidden, n, heads, d, stride, levels, &all);

    for (int head = 0; head < heads; head++) {
        const Scratch s = head_view(&all, head, n, d);
        const float *vb = bias + 2 * hidden + head * d;
        for (int i0 = 0; i0 < n; i0 += rows) {
            int valid = n - i0 < rows ? n - i0 : rows;
            float *out = context + (size_t)i0 * hidden + head * d;
            switch (d) {
            case 16: attend_block(&s, i0, n, valid, vb, out, hidden, 8, 1); break;
            case 32: attend_block(&s, i0, n, valid, vb, out, hidden, 8, 2); break;
            case 48: attend_block(&s, i0, n, valid, vb, out, hidden, 4, 3); break;
            default: attend_block(&s, i0, n, valid, vb, out, hidden, 4, 4); break;
            }
        }
    }
}
