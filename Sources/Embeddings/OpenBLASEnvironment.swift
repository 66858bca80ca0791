import Foundation

/// OpenBLAS picks its CPU kernels once, at load time. On AVX-512 CPUs that it does not
/// recognise by model number (recent AMD EPYC among them) it falls back to Haswell kernels,
/// which run sgemm at about half speed; `OPENBLAS_CORETYPE=SkylakeX` forces the AVX-512 ones.
/// The variable must be set before the library loads, so the process re-executes itself once.
public enum OpenBLASEnvironment {
    /// Call first thing in `main`. Returns normally when no re-exec is needed (or it failed);
    /// otherwise the process image is replaced. `PAPERBOY_OPENBLAS_CORETYPE` is the user's
    /// override and always wins; PAPERBOY_NO_REEXEC=1 turns all of this off.
    public static func reexecIfNeeded() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["PAPERBOY_NO_REEXEC"] == nil,
              let wanted = coreType(environment: environment, hasAVX512: cpuHasAVX512F()),
              wanted != environment["OPENBLAS_CORETYPE"] else { return }
        setenv("OPENBLAS_CORETYPE", wanted, 1)
        // Guards against a loop should the variable somehow not survive the exec.
        setenv("PAPERBOY_NO_REEXEC", "1", 1)
        let arguments = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        execv("/proc/self/exe", argv)
        // Only reached if execv failed: carry on with the default kernels.
        for pointer in argv { free(pointer) }
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv("PAPERBOY_NO_REEXEC")
    }

    /// The core type to run with, or nil to keep the environment as it is. Machines often set
    /// OPENBLAS_CORETYPE system-wide to a pre-AVX-512 kernel (this project's build machines set
    /// Haswell), so an older x86 kernel name is upgraded on AVX-512 CPUs; to really run with one,
    /// set PAPERBOY_OPENBLAS_CORETYPE.
    static func coreType(environment: [String: String], hasAVX512: Bool) -> String? {
        if let override = environment["PAPERBOY_OPENBLAS_CORETYPE"], !override.isEmpty { return override }
        guard hasAVX512 else { return nil }
        guard let current = environment["OPENBLAS_CORETYPE"], !current.isEmpty else { return "SkylakeX" }
        return olderX86Kernels.contains(current.lowercased()) ? "SkylakeX" : nil
    }

    private static let olderX86Kernels: Set<String> = [
        "haswell", "zen", "sandybridge", "nehalem", "core2", "penryn", "dunnington", "atom", "prescott",
        "barcelona", "bulldozer", "piledriver", "steamroller", "excavator", "opteron", "katmai", "northwood",
    ]

    static func cpuHasAVX512F() -> Bool {
        // /proc files report size 0, so read to EOF rather than by the reported size.
        guard let handle = FileHandle(forReadingAtPath: "/proc/cpuinfo"),
              let data = try? handle.readToEnd() else { return false }
        try? handle.close()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").contains { line in
            line.hasPrefix("flags") && line.split(separator: " ").contains("avx512f")
        }
    }
}
