import FazhanCore
import FazhanStore

/// The embedded database as an `EventStore`: its synchronous methods serve the protocol's
/// requirements as they are (an SQLite call does not wait on a network).
extension SQLiteStore: EventStore {}
