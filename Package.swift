// swift-tools-version:6.0
import PackageDescription

/// The package's folder, for the linker's ordering file (the linker does not run in this folder).
let packageRoot = String(#filePath.dropLast("Package.swift".count))

let package = Package(
    name: "partnercheck",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "partnercheck", targets: ["partnercheck"]),
        .library(name: "PartnerCheckCore", targets: ["PartnerCheckCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // GNU readline, as Debian ships it.
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"])]
        ),
        // The pure core: questionnaires, validation, answers, sessions, scoring, reports.
        .target(name: "PartnerCheckCore"),
        // The conversation loop and the readline wrapper.
        .target(
            name: "PartnerCheckTerminal",
            dependencies: ["PartnerCheckCore", "CReadline"]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "partnercheck",
            dependencies: [
                "PartnerCheckCore",
                "PartnerCheckTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [
                // The static Swift runtime links executables with --export-dynamic, which exports every
                // public symbol of our modules (3,300): more for the loader to search at every start,
                // and nothing --gc-sections may drop. partnercheck loads no plugins; it exports nothing.
                //
                // Linked with the toolchain's lld: GNU ld and gold print "the use of `mktemp' is dangerous" for
                // a glibc symbol that FoundationEssentials (which swift-argument-parser imports) references in
                // its temporary-file helper; partnercheck writes its files itself (FileIO) and never calls it,
                // and lld does not act on glibc's link-time warning sections, so the build output is clean.
                //
                // The functions a start and a report run are placed together (link-order.txt, written by
                // scripts/link-order from callgrind): a start then faults in fewer pages of the program,
                // which is most of what a short command costs. Names no longer in the program are skipped.
                //
                // A fixed-address program (-no-pie): the Swift metadata of the runtime, FoundationEssentials and
                // swift-argument-parser holds 42,000 pointers that a position-independent program has the loader
                // rewrite at every start, 148 pages copied and written before main (a third of a report's page
                // faults). Fixed, they are already right in the file. A report is 10% faster and the first prompt
                // 12%; what is lost is the randomised address of the program itself (libraries, heap and stack are
                // still randomised), as with Go's default builds. (Packing relocations, DT_RELR, was measured too: it
                // leaves nothing to pack at a fixed address, and would demand glibc 2.36.)
                .unsafeFlags(["-use-ld=lld", "-Xlinker", "--no-export-dynamic",
                              "-Xlinker", "--symbol-ordering-file=\(packageRoot)link-order.txt",
                              "-Xlinker", "--no-warn-symbol-ordering",
                              "-Xclang-linker", "-no-pie"], .when(configuration: .release)),
            ]
        ),
        // Times scoring and rendering in process for benchmarks/bench.py.
        .executableTarget(name: "partnercheck-bench", dependencies: ["PartnerCheckCore"]),
        .testTarget(name: "PartnerCheckCoreTests", dependencies: ["PartnerCheckCore"], exclude: ["Golden"]),
        .testTarget(name: "PartnerCheckTerminalTests", dependencies: ["PartnerCheckCore", "PartnerCheckTerminal"]),
        .testTarget(name: "EndToEndTests", dependencies: ["PartnerCheckCore", "partnercheck"]),
    ]
)
