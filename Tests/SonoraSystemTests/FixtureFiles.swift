import SonoraTestSupport

/// This test target's fixture files (see `Fixtures/SOURCES.md`).
let fixtures = FixtureFolder(besides: #filePath)
