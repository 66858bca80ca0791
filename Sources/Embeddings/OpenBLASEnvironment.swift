import Foundation

/// OpenBLAS picks its CPU kernels once, at load time. On AVX-512 CPUs that it does not
/// recognise by model number (recent AMD EPYC among them) it falls back to Haswell kernels,
/// which run sgemm at about half speed; `OPENBLAS_CORETYPE=SkylakeX` forces the AVX-512 ones.
/// The variable must be set before the library loads, so the process re-executes itself once.
public enum OpenBLASEnvironment {
    /// Call first thing in `main`. Returns normally when no re-exec is needed (or it failed);
    /// otherwise the process image is replaced. Leaves a user-set OPENBLAS_CORETYPE alone;
    /// PAPERBOY_NO_REEXEC=1 turns this off.
    public static func reexecIfNeeded() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OPENBLAS_CORETYPE"] == nil, environment["PAPERBOY_NO_REEXEC"] == nil,
              cpuHasAVX512F() else { return }
        setenv("OPENBLAS_CORETYPE", "SkylakeX", 1)
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
