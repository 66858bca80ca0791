// swift-tools-version:6.1
import PackageDescription

// Hot loops (vector scans, activations) need AVX2/FMA to vectorise. Haswell is the oldest CPU
// with both (what x86-64-v3 names; the clang importer only takes CPU names), so the binary
// still runs on any x86 server from ~2013 on.
let simdFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-march=haswell", "-target-cpu", "haswell"])]

let package = Package(
    name: "Paperboy",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "paperboy", targets: ["paperboy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Comments' Markdown (apple/swift-markdown is not available here); our sanitiser runs after it.
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Domain types and pure logic: no I/O, no dependencies.
        .target(name: "PaperboyCore"),
        // Storage: the PaperStore protocol and its SQLite (GRDB) implementation.
        .target(name: "PaperboyStore", dependencies: [
            "PaperboyCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            // The C API, for the import's inserts (see `RowBinder`).
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: [
            // The keyword index's builder updates class state per token (170M for 1M papers);
            // runtime exclusivity checks were a fifth of its time.
            .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
        ]),
        // The same store protocols on a PostgreSQL server (postgres-nio), for several instances.
        .target(name: "PaperboyPostgres", dependencies: [
            "PaperboyCore", "PaperboyStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // File formats (Kaggle JSONL, arXiv API Atom, OAI-PMH, RSS, .abs, HF JSON) and the import runner.
        .target(name: "Ingest", dependencies: ["PaperboyCore", "PaperboyStore", "CZlib"]),
        // Talking to arXiv: HTTP, rate limiting, retries, checkpoints.
        .target(name: "Harvest", dependencies: [
            "PaperboyCore", "PaperboyStore", "Ingest",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Outgoing mail: the outbox sender, our SMTP client (SwiftNIO, STARTTLS) and a folder fallback.
        .target(name: "Mail", dependencies: [
            "PaperboyCore", "PaperboyStore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        // The encoder's AVX-512 kernels: the int8 matrix product on VNNI (OpenBLAS has none) and
        // fused attention. Its functions enable the instructions themselves and are only called
        // after a run-time check, so the target needs no -march; it is optimised in debug builds
        // for the reason Embeddings is.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),
        // Sentence-transformers BERT inference over OpenBLAS and CKernels.
        // Optimised in debug builds too: unoptimised, the model's loops make embedding the
        // 200-paper sample take minutes, which every test and script using the model would pay.
        .target(name: "Embeddings", dependencies: ["CBLAS", "CKernels"],
                swiftSettings: simdFlags + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Vector index, hybrid ranking, similar papers, retrieval evaluation.
        .target(name: "Search", dependencies: ["PaperboyCore", "PaperboyStore", "Embeddings"], swiftSettings: simdFlags),
        // The Hummingbird application and the composition root: pages, accounts, JSON API, feeds.
        .target(name: "Digest", dependencies: [
            "PaperboyCore", "PaperboyStore", "Search", "Mail",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "Web", dependencies: [
            "PaperboyCore", "PaperboyStore", "PaperboyPostgres", "Embeddings", "Search", "Harvest", "Mail", "Digest", "CZlib",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Configuration", package: "swift-configuration"),
            .product(name: "SystemPackage", package: "swift-system"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Ink", package: "Ink"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], resources: [.copy("Resources")]),
        // The CLI: a thin composition root.
        .executableTarget(name: "paperboy", dependencies: [
            "PaperboyCore", "PaperboyStore", "Ingest", "Harvest", "Embeddings", "Search", "Mail", "Digest", "Web",
            .product(name: "Configuration", package: "swift-configuration"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "PaperboyCoreTests", dependencies: ["PaperboyCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PaperboyStoreTests", dependencies: ["PaperboyStore", "PaperboyPostgres", "PaperboyCore", "Ingest", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "PaperboyStore", "PaperboyCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HarvestTests", dependencies: ["Harvest", "Ingest", "PaperboyStore", "PaperboyCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MailTests", dependencies: [
            "Mail", "Digest", "Search", "Ingest", "PaperboyStore", "PaperboyCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "EmbeddingsTests", dependencies: ["Embeddings"]),
        .testTarget(name: "SearchTests", dependencies: ["Search", "PaperboyStore", "PaperboyCore", "Embeddings"]),
        .testTarget(name: "WebTests", dependencies: [
            "Web", "Search", "Digest", "Mail", "Harvest", "PaperboyStore", "PaperboyPostgres", "PaperboyCore",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ]
)
