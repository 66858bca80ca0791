#if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
import _Builtin_intrinsics.intel
#endif

/// The inner loops of the vector scan. They work on raw pointers because they run a million
/// times per query: no bounds checks, no retain/release, nothing but loads and multiply-adds.
enum DotKernels {
    /// Bytes per int8 block: one AVX2 register. Stored codes are padded to a multiple of it.
    static let int8Block = 32

    /// Σ a[i]·b[i] over `count` int8 values (`count` a multiple of `int8Block`). Neither input
    /// may hold -128 (symmetric quantisation never produces it), so the pairwise sums of
    /// `maddubs` cannot saturate: 2·127·127 < 32767.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, count: Int) -> Int32 {
        #if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
        // AVX2 has no signed×signed byte multiply; the usual trick moves a's sign onto b
        // (|a|·sign(a)b = a·b) so `maddubs` (unsigned×signed → pairwise int16) applies, and
        // `madd` by ones widens the pairs into int32 lanes.
        var acc = _mm256_setzero_si256()
        let ones = _mm256_set1_epi16(1)
        var i = 0
        while i < count {
            let x = _mm256_loadu_si256(UnsafeRawPointer(a + i).assumingMemoryBound(to: __m256i.self))
            let y = _mm256_loadu_si256(UnsafeRawPointer(b + i).assumingMemoryBound(to: __m256i.self))
            let pairs = _mm256_maddubs_epi16(_mm256_sign_epi8(x, x), _mm256_sign_epi8(y, x))
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(pairs, ones))
            i &+= 32
        }
        return unsafeBitCast(acc, to: SIMD8<Int32>.self).wrappedSum()
        #else
        var acc = SIMD16<Int32>()
        var i = 0
        while i < count {
            let x = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD16<Int8>.self)
            let y = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD16<Int8>.self)
            acc &+= SIMD16<Int32>(truncatingIfNeeded: x) &* SIMD16<Int32>(truncatingIfNeeded: y)
            i &+= 16
        }
        return acc.wrappedSum()
        #endif
    }

    /// Σ a[i]·b[i] in f32 with eight-lane FMA-friendly accumulators and a scalar tail.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var i = 0
        while i &+ 16 <= count {
            let ra = UnsafeRawPointer(a + i), rb = UnsafeRawPointer(b + i)
            acc0.addProduct(ra.loadUnaligned(as: SIMD8<Float>.self), rb.loadUnaligned(as: SIMD8<Float>.self))
            acc1.addProduct(ra.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self),
                            rb.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
            i &+= 16
        }
        var sum = (acc0 + acc1).sum()
        while i < count { sum += a[i] * b[i]; i &+= 1 }
        return sum
    }
}
