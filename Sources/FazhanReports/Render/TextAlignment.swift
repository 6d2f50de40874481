/// Horizontal alignment of text within a column.
public enum TextAlignment: String, Sendable, Hashable, CaseIterable {
    /// Text starts at the column's left edge; the default for names and words.
    case left
    /// Text ends at the column's right edge; the choice for numbers, so that digits line up.
    case right
}
