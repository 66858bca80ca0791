// Self-attention for one packed sequence, fused: per head, the scores of a block of query rows,
// their softmax and their product with V run while the block is in L1, with no padding, no
// mask and none of a general GEMM's packing of such small matrices. It replaces two sgemm calls
// and a softmax pass per head; the arithmetic stays f32, so results match the sgemm path to
// rounding.
#include "Kernels.h"

#include "VectorMath.h"

#include <string.h>

enum { COLUMNS = 32 }; // key positions per score tile: two zmm registers per query row

bool attention_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

bool attention_head_size_supported(int head_size) {
    return head_size > 0 && head_size <= 64 && head_size % 16 == 0;
}

size_t attention_scratch_floats(int longest, int head_size) {
    size_t keys = (size_t)round_up(longest, COLUMNS) * head_size;       // Kᵀ in tiles
    size_t queries = (size_t)round_up(longest, 8) * head_size;         // Q, scaled
    size_t values = (size_t)longest * head_size;                        // V, contiguous
    size_t probabilities = (size_t)8 * round_up(longest, COLUMNS);     // one block's rows
    return keys + queries + values + probabilities;
}


/// One block of ROWS query rows of one head: scores against every key, softmax in place (in
/// base 2: the queries were scaled by log2(e)/√d), then the weighted sum of V plus V's bias
/// (the weights sum to one, so the bias passes through).
AVX512 INLINE void attend_block(const float *queries, const float *keys, const float *values, int value_stride,
                                const float *value_bias, int n, int rows, float *probabilities,
                                float *out, int out_stride, const int ROWS, const int CHUNKS) {
    const int d = CHUNKS * 16, padded = round_up(n, COLUMNS);
    for (int j0 = 0; j0 < padded; j0 += COLUMNS) {
        const float *tile = keys + (size_t)j0 * d;
        __m512 acc[8][2]; // fixed sizes (ROWS ≤ 8, CHUNKS ≤ 4) so that the registers are allocated
        for (int r = 0; r < ROWS; r++) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
        for (int c = 0; c < d; c++) {
            __m512 k0 = _mm512_load_ps(tile + c * COLUMNS), k1 = _mm512_load_ps(tile + c * COLUMNS + 16);
            for (int r = 0; r < ROWS; r++) {
                __m512 q = _mm512_set1_ps(queries[r * d + c]);
                acc[r][0] = _mm512_fmadd_ps(q, k0, acc[r][0]);
                acc[r][1] = _mm512_fmadd_ps(q, k1, acc[r][1]);
            }
        }
        for (int r = 0; r < ROWS; r++) {
            _mm512_store_ps(probabilities + r * padded + j0, acc[r][0]);
            _mm512_store_ps(probabilities + r * padded + j0 + 16, acc[r][1]);
        }
    }

    float inverse[8];
    for (int r = 0; r < ROWS; r++) {
        float *p = probabilities + r * padded;
        __m512 top = _mm512_set1_ps(row_max(p, n)), sum = _mm512_setzero_ps();
        for (int j = 0; j < padded; j += 16) {
            // Key positions past the end get weight 0.
            __m512 e = _mm512_maskz_mov_ps(first(n - j), exp2_nonpositive(_mm512_sub_ps(_mm512_load_ps(p + j), top)));
            _mm512_store_ps(p + j, e);
            sum = _mm512_add_ps(sum, e);
        }
        inverse[r] = 1 / _mm512_reduce_add_ps(sum);
    }

    __m512 acc[8][4];
    for (int r = 0; r < ROWS; r++)
        for (int c = 0; c < CHUNKS; c++) acc[r][c] = _mm512_setzero_ps();
    for (int j = 0; j < n; j++) {
        const float *v = values + (size_t)j * value_stride;
        __m512 vj[4];
        for (int c = 0; c < CHUNKS; c++) vj[c] = _mm512_loadu_ps(v + c * 16);
        for (int r = 0; r < ROWS; r++) {
            __m512 weight = _mm512_set1_ps(probabilities[r * padded + j]);
            for (int c = 0; c < CHUNKS; c++) acc[r][c] = _mm512_fmadd_ps(weight, vj[c], acc[r][c]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < CHUNKS; c++)
            _mm512_storeu_ps(out + (size_t)r * out_stride + c * 16,
                             _mm512_fmadd_ps(acc[r][c], _mm512_set1_ps(inverse[r]), _mm512_loadu_ps(value_bias + c * 16)));
}

AVX512 void attention(const float *qkv, const float *bias, int n, int heads, int d, float *context, float *scratch) {
    const int hidden = heads * d, stride = 3 * hidden, padded = round_up(n, COLUMNS), rows = attention_rows(d);
    const int padded_rows = round_up(n, rows);
    float *keys = scratch;                                  // [padded / COLUMNS][d][COLUMNS]
    float *queries = keys + (size_t)padded * d;             // [padded_rows][d]
    float *values = queries + (size_t)round_up(n, 8) * d;   // [n][d]
    float *probabilities = values + (size_t)n * d;           // 64-byte aligned: d is a multiple of 16
    const __m512 scale = _mm512_set1_ps(ATTENTION_SCORE_SCALE / sqrtf((float)d));

    for (int head = 0; head < heads; head++) {
        const float *q = qkv + head * d, *k = q + hidden, *v = q + 2 * hidden;
        const float *qb = bias + head * d, *kb = qb + hidden, *vb = qb + 2 * hidden;
        for (int i = 0; i < n; i++)
            for (int c = 0; c < d; c += 16)
                _mm512_store_ps(queries + (size_t)i * d + c,
                                _mm512_mul_ps(_mm512_add_ps(_mm512_loadu_ps(q + (size_t)i * stride + c), _mm512_loadu_ps(qb + c)), scale));
        memset(queries + (size_t)n * d, 0, sizeof(float) * (size_t)(padded_rows - n) * d);
        // V's rows are strided by the three projections; read once per block, they are worth a copy.
        for (int j = 0; j < n; j++)
            for (int c = 0; c < d; c += 16) _mm512_storeu_ps(values + (size_t)j * d + c, _mm512_loadu_ps(v + (size_t)j * stride + c));
        // Kᵀ element by element: vectorised, the compiler makes it scatters, several times slower.
        for (int j = 0; j < padded; j++) {
            float *tile = keys + (size_t)(j / COLUMNS) * COLUMNS * d + j % COLUMNS;
#pragma clang loop vectorize(disable)
            for (int c = 0; c < d; c++) tile[c * COLUMNS] = j < n ? k[(size_t)j * stride + c] + kb[c] : 0;
        }
        for (int i0 = 0; i0 < n; i0 += rows) {
            int valid = n - i0 < rows ? n - i0 : rows;
            float *out = context + (size_t)i0 * hidden + head * d;
            const float *block = queries + (size_t)i0 * d;
            switch (d) {
            case 16: attend_block(block, keys, values, d, vb, n, valid, probabilities, out, hidden, 8, 1); break;
            case 32: attend_block(block, keys, values, d, vb, n, valid, probabilities, out, hidden, 8, 2); break;
            case 48: attend_block(block, keys, values, d, vb, n, valid, probabilities, out, hidden, 4, 3); break;
            default: attend_block(block, keys, values, d, vb, n, valid, probabilities, out, hidden, 4, 4); break;
            }
        }
    }
}

AVX512 void bias_gelu(float *x, int rows, int width, const float *bias) {
    for (int r = 0; r < rows; r++) {
        float *row = x + (size_t)r * width;
        for (int j = 0; j < width; j += 16) {
            __mmask16 m = first(width - j);
            __m512 v = _mm512_add_ps(_mm512_maskz_loadu_ps(m, row + j), _mm512_maskz_loadu_ps(m, bias + j));
            _mm512_mask_storeu_ps(row + j, m, gelu_ps(v));
        }
    }
}
