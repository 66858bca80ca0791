#ifndef PAPERBOY_KERNELS_H
#define PAPERBOY_KERNELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// ---- Fused attention (Attention.c), AVX-512F ----

/// Whether this CPU (and OS) can run `attention` and `bias_gelu`: they need AVX-512F.
bool attention_supported(void);

/// Whether `attention` handles heads of this size (multiples of 16 up to 64).
bool attention_head_size_supported(int head_size);

/// Floats of scratch memory `attention` needs for sequences up to `longest` tokens.
size_t attention_scratch_floats(int longest, int head_size);

/// Multi-head self-attention over one sequence of `n` tokens, without a mask (the batch is
/// packed: the sequence's rows are exactly its tokens). `qkv` is [n, 3·hidden] without the
/// projection's bias, Q then K then V, each [n, hidden] split into `heads` of `head_size`;
/// `bias` is that bias ([3·hidden]). Writes softmax(Q·Kᵀ/√head_size)·V into `context`
/// ([n, hidden]). `scratch` holds `attention_scratch_floats` floats, 64-byte aligned.
void attention(const float *qkv, const float *bias, int n, int heads, int head_size, float *context, float *scratch);

/// Bytes of scratch memory `attention_int8` needs for sequences up to `longest` tokens.
size_t attention_int8_scratch_bytes(int longest, int heads, int head_size);

/// `attention` with integer products (Int8Attention.c): Q·Kᵀ at int8, the softmax in f32, its
/// weights and V at 12 and 11 bits. For the int8 encoder; only call when `int8_gemm_supported()`
/// and `attention_head_size_supported`. `scratch` holds `attention_int8_scratch_bytes`, 64-byte
/// aligned.
void attention_int8(const float *qkv, const float *bias, int n, int heads, int head_size, float *context, void *scratch);

/// x = GELU(x + bias) over a rows × width matrix, the exact GELU (erf).
void bias_gelu(float *x, int rows, int width, const float *bias);

// ---- The int8 matrix product (Int8GEMM.c), AVX-512 VNNI ----

/// A linear layer's weight matrix quantized to int8 and packed for `int8_gemm`.
typedef struct Int8Weights Int8Weights;

/// Whether this CPU (and OS) can run `int8_gemm`: it needs AVX-512 VNNI.
bool int8_gemm_supported(void);

/// Quantizes `weight` ([outputs, inputs], row-major, PyTorch's Linear layout) to symmetric int8
/// per output channel and group of 64 inputs, and packs it. Returns NULL if memory runs out. Free with
/// `int8_weights_destroy`.
Int8Weights *int8_weights_create(const float *weight, int outputs, int inputs);
void int8_weights_destroy(Int8Weights *weights);

/// Bytes of scratch memory `int8_gemm` needs with these weights (64-byte aligned).
int int8_gemm_scratch_bytes(const Int8Weights *weights);

/// out[rows, outputs] ≈ input[rows, inputs] · Wᵀ (+ bias, then GELU if `gelu`), with the input
/// quantized to uint8 on the fly (each row's groups of 64 inputs over their own range) and
/// int32 sums; the bias and GELU are applied as each tile of sums is stored. `bias` may be
/// NULL. Only call when `int8_gemm_supported()`. `scratch` is 64-byte aligned.
void int8_gemm(const Int8Weights *weights, const float *input, int rows, float *out, void *scratch,
               const float *bias, bool gelu);

#endif
