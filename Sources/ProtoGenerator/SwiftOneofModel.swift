/// One oneof as the emitters see it: the Swift enum and property, and its members.
struct SwiftOneofModel {
    let decl: ProtoOneofDecl
    let index: Int
    /// The property holding the chosen member (nil when none is set).
    let property: String
    /// The nested enum's name.
    let enumName: String
    let members: [SwiftFieldModel]

    /// A member's case name: the member field's property name. (Switches over the optional
    /// property match `nil` and `.member(...)?`, so a member called `none` is not confused
    /// with `Optional.none`.)
    func caseName(_ member: SwiftFieldModel) -> String { member.property }

    var access: String { "self." + property }
}
