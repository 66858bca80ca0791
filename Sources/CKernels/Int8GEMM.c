// The int8 matrix product of the encoder's linear layers, on AVX-512 VNNI.
//
// vpdpbusd multiplies 4 unsigned bytes by 4 signed bytes and adds the four products to an
// int32 lane, so one instruction does 64 multiply-adds: four times an f32 FMA's 16.
// The inputs are split into GROUPs of 64. Per output channel and group, weights are int8 over
// the group's largest magnitude (w ≈ wscale·q); per input row and group, inputs are uint8 over
// the group's range (a ≈ scale·u + minimum), computed on the fly. One scale per whole row
// would let a row's few large values leave all the others only a few steps; per group, the
// reference texts stay within the quality guard. Then
//     Σ a·w ≈ Σ_groups (scale · wscale · Σ u·q + minimum · Σ wscale·q)
// where the last sum, per column and group, is computed once when the weights are packed.
#include "Kernels.h"
#include "VectorMath.h"

#include <stdlib.h>
#include <string.h>

#define VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

enum {
    PANEL = 32,     // output columns per microkernel call: two zmm registers of 16 int32 lanes
    ROWS = 8,       // input rows per microkernel call: 16 int32 accumulators, more than
                    // vpdpbusd's latency at two per cycle needs
    GROUP = 64,     // inputs sharing one quantization scale per row
    ROW_BLOCK = 64, // input rows quantized at a time (a multiple of ROWS): their bytes stay in
                    // L2 while every panel runs
};

struct Int8Weights {
    int outputs, inputs;
    int depth;           // inputs rounded up to a multiple of GROUP
    int groups;          // depth / GROUP
    int panels;          // outputs rounded up to a multiple of PANEL, divided by PANEL
    int8_t *packed;      // per panel, per 4 inputs: PANEL columns × 4 bytes (one vpdpbusd lane each)
    float *scales;       // per panel, per group: PANEL weight scales (0 past `outputs`)
    float *column_sums;  // per panel, per group: PANEL sums of the dequantized weights, Σ wscale·q
};

bool int8_gemm_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
}

void int8_weights_destroy(Int8Weights *w) {
    if (!w) return;
    free(w->packed);
    free(w->scales);
    free(w->column_sums);
    free(w);
}

Int8Weights *int8_weights_create(const float *weight, int outputs, int inputs) {
    Int8Weights *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->outputs = outputs;
    w->inputs = inputs;
    w->depth = round_up(inputs, GROUP);
    w->groups = w->depth / GROUP;
    w->panels = round_up(outputs, PANEL) / PANEL;
    size_t columns = (size_t)w->panels * PANEL;
    size_t bytes = columns * (size_t)w->depth;
    size_t sums = columns * (size_t)w->groups * sizeof(float);
    // aligned_alloc wants sizes that are multiples of the alignment; columns is one of 32.
    w->packed = aligned_alloc(64, bytes);
    w->scales = aligned_alloc(64, sums);
    w->column_sums = aligned_alloc(64, sums);
    if (!w->packed || !w->scales || !w->column_sums) {
        int8_weights_destroy(w);
        return NULL;
    }
    // Padding columns and inputs stay zero, so they add nothing to any sum.
    memset(w->packed, 0, bytes);
    memset(w->scales, 0, sums);
    memset(w->column_sums, 0, sums);

    for (int n = 0; n < outputs; n++) {
        int8_t *panel = w->packed + (size_t)(n / PANEL) * PANEL * w->depth;
        size_t column = (size_t)(n / PANEL) * PANEL * w->groups + n % PANEL;
        for (int g = 0; g < w->groups; g++, column += PANEL) {
            const float *row = weight + (size_t)n * inputs;
            int start = g * GROUP, end = start + GROUP < inputs ? start + GROUP : inputs;
            float largest = 0;
            for (int k = start; k < end; k++) largest = fmaxf(largest, fabsf(row[k]));
            float scale = largest / 127, inverse = largest > 0 ? 127 / largest : 0;
            int sum = 0;
            for (int k = start; k < end; k++) {
                int q = (int)lrintf(row[k] * inverse);
                q = q > 127 ? 127 : q < -127 ? -127 : q;
                panel[(size_t)(k / 4) * PANEL * 4 + (n % PANEL) * 4 + k % 4] = (int8_t)q;
                sum += q;
            }
            w->scales[column] = scale;
            w->column_sums[column] = scale * (float)sum;
        }
    }
    return w;
}

/// Quantizes `rows` rows of `input` into `quantized` ([rows, depth] bytes, zero padded) with
/// a ≈ scale·u + minimum per row and group (`scale` and `minimum` are [rows, groups]). A
/// constant group gets scale 1 and u = 0, which is exact.
VNNI static void quantize_rows(const float *input, int rows, int inputs, int depth,
                               uint8_t *quantized, float *scale, float *minimum) {
    int groups = depth / GROUP;
    for (int r = 0; r < rows; r++) {
        const float *a = input + (size_t)r * inputs;
        uint8_t *u = quantized + (size_t)r * depth;
        for (int g = 0; g < groups; g++) {
            // Each group holds at least one input (depth rounds inputs up to groups); those past
            // the end (the last group of a width off the group size) are masked off, and their
            // bytes are 0 (their weights are 0 too). The group is read once, into registers.
            const int start = g * GROUP;
            __mmask16 valid[GROUP / 16];
            __m512 v[GROUP / 16];
            for (int c = 0; c < GROUP / 16; c++) {
                valid[c] = first(inputs - start - c * 16);
                v[c] = _mm512_maskz_loadu_ps(valid[c], a + start + c * 16);
            }
            quantize_range_u8(v, valid, GROUP / 16, u + start, &scale[r * groups + g], &minimum[r * groups + g]);
        }
    }
}

/// ROWS rows × 32 columns of Σ_groups (scale · wscale · Σ u·q + minimum · Σ wscale·q), into
/// `tile` ([ROWS][PANEL]). The float sums live in that L1 tile between groups rather than in
/// registers, which leaves the registers to the int32 accumulators of more rows.
VNNI static inline void microkernel(const uint8_t *u, int depth, const float *scale, const float *minimum,
                                    const int8_t *panel, const float *weight_scales, const float *column_sums,
                                    float *tile) {
    int groups = depth / GROUP;
    for (int g = 0; g < groups; g++) {
        __m512i acc[ROWS][2];
        for (int i = 0; i < ROWS; i++) acc[i][0] = acc[i][1] = _mm512_setzero_si512();
#pragma clang loop unroll_count(4)
        for (int k = g * GROUP; k < (g + 1) * GROUP; k += 4) {
            const int8_t *w = panel + (size_t)k * PANEL;
            __m512i w0 = _mm512_load_si512(w), w1 = _mm512_load_si512(w + 64);
            for (int i = 0; i < ROWS; i++) {
                int32_t four;
                memcpy(&four, u + (size_t)i * depth + k, 4);
                __m512i a = _mm512_set1_epi32(four);
                acc[i][0] = _mm512_dpbusd_epi32(acc[i][0], a, w0);
                acc[i][1] = _mm512_dpbusd_epi32(acc[i][1], a, w1);
            }
        }
        __m512 ws0 = _mm512_load_ps(weight_scales + g * PANEL), ws1 = _mm512_load_ps(weight_scales + g * PANEL + 16);
        __m512 q0 = _mm512_load_ps(column_sums + g * PANEL), q1 = _mm512_load_ps(column_sums + g * PANEL + 16);
        for (int i = 0; i < ROWS; i++) {
            __m512 s = _mm512_set1_ps(scale[i * groups + g]), m = _mm512_set1_ps(minimum[i * groups + g]);
            float *row = tile + i * PANEL;
            __m512 before0 = g ? _mm512_load_ps(row) : _mm512_setzero_ps(), before1 = g ? _mm512_load_ps(row + 16) : _mm512_setzero_ps();
            _mm512_store_ps(row, _mm512_fmadd_ps(_mm512_mul_ps(s, ws0), _mm512_cvtepi32_ps(acc[i][0]), _mm512_fmadd_ps(m, q0, before0)));
            _mm512_store_ps(row + 16, _mm512_fmadd_ps(_mm512_mul_ps(s, ws1), _mm512_cvtepi32_ps(acc[i][1]), _mm512_fmadd_ps(m, q1, before1)));
        }
    }
}

int int8_gemm_scratch_bytes(const Int8Weights *w) {
    // The quantized rows, then their scales and minimums.
    return ROW_BLOCK * w->depth + 2 * ROW_BLOCK * w->groups * (int)sizeof(float);
}

VNNI void int8_gemm(const Int8Weights *w, const float *input, int rows, float *out, void *scratch,
                    const float *bias, bool gelu) {
    int depth = w->depth, groups = w->groups, outputs = w->outputs;
    uint8_t *quantized = scratch;
    float *scale = (float *)(quantized + (size_t)ROW_BLOCK * depth);
    float *minimum = scale + ROW_BLOCK * groups;

    for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
        int block = rows - r0 < ROW_BLOCK ? rows - r0 : ROW_BLOCK;
        quantize_rows(input + (size_t)r0 * w->inputs, block, w->inputs, depth, quantized, scale, minimum);
        // The microkernel runs whole groups of ROWS; the rows past the end are zeros.
        int padded = round_up(block, ROWS);
        memset(quantized + (size_t)block * depth, 0, (size_t)(padded - block) * depth);
        for (int i = block * groups; i < padded * groups; i++) scale[i] = minimum[i] = 0;

        for (int p = 0; p < w->panels; p++) {
            const int8_t *panel = w->packed + (size_t)p * PANEL * depth;
            size_t per_group = (size_t)p * PANEL * groups;
            for (int r = 0; r < block; r += ROWS) {
                float tile[ROWS * PANEL] __attribute__((aligned(64)));
                microkernel(quantized + (size_t)r * depth, depth, scale + r * groups, minimum + r * groups,
                            panel, w->scales + per_group, w->column_sums + per_group, tile);
                int valid = block - r < ROWS ? block - r : ROWS;
                for (int i = 0; i < valid; i++) {
                    float *o = out + (size_t)(r0 + r + i) * outputs;
                    for (int j = 0; j < 2; j++) {
                        int column = p * PANEL + j * 16;
                        if (column >= outputs) break;
                        __mmask16 mask = first(outputs - column);
                        __m512 value = _mm512_load_ps(tile + i * PANEL + j * 16);
                        if (bias) value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(mask, bias + column));
                        if (gelu) value = gelu_ps(value);
                        _mm512_mask_storeu_ps(o + column, mask, value);
                    }
                }
            }
        }
    }
}
