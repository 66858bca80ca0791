#ifndef PAPERBOY_INT8_GEMM_H
#define PAPERBOY_INT8_GEMM_H

#include <stdbool.h>
#include <stdint.h>

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

/// out[rows, outputs] ≈ input[rows, inputs] · Wᵀ, with the input quantized to uint8 on the fly
/// (each row's groups of 64 inputs over their own range) and int32 sums. No bias: the caller's
/// epilogue adds it. Only call when `int8_gemm_supported()`. `scratch` is 64-byte aligned.
void int8_gemm(const Int8Weights *weights, const float *input, int rows, float *out, void *scratch);

#endif
