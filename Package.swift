// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "kefu",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kefu", targets: ["kefu"]),
        .library(name: "KefuCore", targets: ["KefuCore"]),
        .library(name: "KefuServer", targets: ["KefuServer"]),
        .library(name: "KefuMail", targets: ["KefuMail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.110.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.4.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.21.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
    ],
    targets: [
        // swift-crypto for the HMAC of one-time codes; nothing else from outside.
        .target(name: "KefuCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // E-mail as customers send it (MIME, charsets, quoted history, bounces) and the IMAP and SMTP clients that
        // fetch and send it, on swift-nio: a module of its own so it can be replaced.
        .target(
            name: "KefuMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "KefuServer",
            dependencies: [
                "KefuCore",
                "KefuMail",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(name: "kefu", dependencies: ["KefuServer"]),
        .testTarget(
            name: "KefuCoreTests",
            dependencies: ["KefuCore", .product(name: "PropertyBased", package: "swift-property-based")],
            // Read through #filePath, so every platform finds it without a resource bundle.
            exclude: ["Compliance/Resources"]
        ),
        .testTarget(
            name: "KefuMailTests",
            dependencies: ["KefuMail"],
            // Read through #filePath, as KefuCoreTests reads its labelled set.
            exclude: ["Messages"]
        ),
        .testTarget(
            name: "KefuServerTests",
            dependencies: [
                "KefuServer",
                "KefuMail",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ]
)
