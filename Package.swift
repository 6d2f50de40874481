// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Fazhan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fazhan", targets: ["fazhan"]),
        .library(name: "FazhanCore", targets: ["FazhanCore"]),
        .library(name: "FazhanStore", targets: ["FazhanStore"]),
        .library(name: "FazhanSQLite", targets: ["FazhanSQLite"]),
        .library(name: "FazhanService", targets: ["FazhanService"]),
        .library(name: "FazhanPostgres", targets: ["FazhanPostgres"]),
        .executable(name: "fazhan-server", targets: ["fazhan-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Property-based tests only (boundary numbers, dates and texts at every entry point).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Pure domain: workflow definitions, civil dates, working days, guards. No SQL, no terminal.
        .target(
            name: "FazhanCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // The storage protocol and what every backend shares: seals, checkpoints, verification, projections.
        .target(
            name: "FazhanStore",
            dependencies: ["FazhanCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The embedded default backend on SQLite (GRDB): schema, append-only events, projections, queries.
        .target(
            name: "FazhanSQLite",
            dependencies: [
                "FazhanCore", "FazhanStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C API, for the few statements bulk writes run millions of times.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The server backend on PostgreSQL (postgres-nio): versioned SQL migrations, per-person seals,
        // checkpoints by a single checkpointer, bulk copy from SQLite.
        .target(
            name: "FazhanPostgres",
            dependencies: [
                "FazhanCore", "FazhanStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Renderers (table, CSV, JSON) and, later, audit, agenda and statistics.
        .target(
            name: "FazhanReports",
            dependencies: ["FazhanCore"]
        ),
        // What the command line prints and the server answers for the same question: one rendering
        // of verdicts, dossiers, histories, listings, the audit and the agenda, so both print alike.
        .target(
            name: "FazhanViews",
            dependencies: ["FazhanCore", "FazhanStore", "FazhanService", "FazhanReports"]
        ),
        // The use cases on any EventStore: record, check, correct, dossier, audit, agenda, report, imports.
        .target(
            name: "FazhanService",
            dependencies: ["FazhanCore", "FazhanStore", "FazhanReports"]
        ),
        // The commands: parse, call the service, render. Thin.
        .target(
            name: "FazhanCLI",
            dependencies: [
                "FazhanCore", "FazhanStore", "FazhanSQLite", "FazhanService", "FazhanReports", "FazhanViews",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "fazhan", dependencies: ["FazhanCLI"]),
        // The server's commands (migrate, copy, verify). Kept apart from FazhanCLI so `fazhan` links no PostgresNIO.
        .target(
            name: "FazhanServerCLI",
            dependencies: [
                "FazhanCore", "FazhanStore", "FazhanSQLite", "FazhanPostgres", "FazhanCLI", "FazhanServer", "FazhanReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The HTTP API: parse, authenticate, authorize, call the service, encode. Thin.
        .target(
            name: "FazhanServer",
            dependencies: [
                "FazhanCore", "FazhanStore", "FazhanService", "FazhanReports", "FazhanViews",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("openapi.yaml")]
        ),
        .executableTarget(name: "fazhan-server", dependencies: ["FazhanServerCLI"]),
        .testTarget(name: "FazhanCoreTests", dependencies: ["FazhanCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FazhanSQLiteTests", dependencies: ["FazhanStore", "FazhanSQLite"]),
        .testTarget(
            name: "FazhanPostgresTests",
            dependencies: [
                "FazhanPostgres", "FazhanSQLite", "FazhanStore", "FazhanCore", "fazhan-server",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // One scenario through DevelopmentService on SQLite and on PostgreSQL: the outcomes must agree byte for byte.
        .testTarget(
            name: "FazhanConformanceTests",
            dependencies: [
                "FazhanService", "FazhanStore", "FazhanSQLite", "FazhanPostgres", "FazhanReports", "FazhanCore",
                "FazhanServer", "FazhanViews", "fazhan-server",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "FazhanReportsTests", dependencies: ["FazhanReports"]),
        .testTarget(name: "FazhanServiceTests", dependencies: ["FazhanService", "FazhanSQLite", "FazhanStore", "FazhanCore"]),
        .testTarget(name: "FazhanCLITests", dependencies: ["FazhanCLI", "FazhanService", "FazhanViews", "fazhan",
                                                     .product(name: "Crypto", package: "swift-crypto")], exclude: ["Fixtures"]),
        // Boundary numbers, dates and texts at every entry point, as properties: no trap, no hang, a clear refusal
        // or a correct result, nothing written on refusal. The cases that could trap run the built `fazhan`.
        .testTarget(
            name: "FazhanBoundsTests",
            dependencies: [
                "FazhanCore", "FazhanReports", "FazhanServer", "FazhanService", "FazhanSQLite", "FazhanStore", "fazhan",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
