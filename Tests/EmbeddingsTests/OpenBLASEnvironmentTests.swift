import Testing
@testable import Embeddings

@Suite struct OpenBLASEnvironmentTests {
    @Test func picksAVX512KernelsWhereTheyRun() {
        #expect(OpenBLASEnvironment.coreType(environment: [:], hasAVX512: true) == "SkylakeX")
        #expect(OpenBLASEnvironment.coreType(environment: [:], hasAVX512: false) == nil)
    }

    @Test func upgradesASystemWideOlderKernelButNotANewerOne() {
        #expect(OpenBLASEnvironment.coreType(environment: ["OPENBLAS_CORETYPE": "Haswell"], hasAVX512: true) == "SkylakeX")
        #expect(OpenBLASEnvironment.coreType(environment: ["OPENBLAS_CORETYPE": "Haswell"], hasAVX512: false) == nil)
        #expect(OpenBLASEnvironment.coreType(environment: ["OPENBLAS_CORETYPE": "CooperLake"], hasAVX512: true) == nil)
    }

    @Test func thePaperboyOverrideAlwaysWins() {
        let env = ["OPENBLAS_CORETYPE": "SkylakeX", "PAPERBOY_OPENBLAS_CORETYPE": "Haswell"]
        #expect(OpenBLASEnvironment.coreType(environment: env, hasAVX512: true) == "Haswell")
    }
}
