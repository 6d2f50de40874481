import FazhanCore
import Testing

/// `@Suite(.english)` or `@Test(.english)`: the messages in English (`Language.current`), as the
/// tests written before the Chinese default expect. Each test target keeps its own copy (test
/// targets cannot import each other).
struct EnglishTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await Language.$current.withValue(.en) { try await function() }
    }
}

extension Trait where Self == EnglishTrait {
    static var english: Self { Self() }
}
