import FazhanCore

extension StoreError {
    /// The sentence for a resident ID number already registered to someone else: both people's
    /// numbers, the ID number masked.
    public static func idNumberTaken(_ idNumber: String, holder: String, number: String) -> String {
        "the ID number \(ResidentID.mask(idNumber)) is already registered to \(holder); \(number) cannot be registered with it too"
    }
}
