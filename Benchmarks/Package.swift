// swift-tools-version:6.1
import PackageDescription

// In-process benchmarks of KefuCore's hot paths. Run from this folder:
//   swift package --allow-writing-to-package-directory benchmark
// HTTP-level benchmarks (ingest, message center) are in http/run.sh. Figures are recorded in ../docs/BENCHMARKS.md.
let package = Package(
    name: "KefuBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "kefu", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KefuCore", package: "kefu"),
            ],
            path: "Benchmarks/CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
