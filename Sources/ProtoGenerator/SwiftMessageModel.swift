/// A message as the emitters see it.
struct SwiftMessageModel {
    let decl: ProtoMessageDecl
    let fullName: String
    /// The declared (unqualified) name and the fully qualified Swift name.
    let name: String
    let qualifiedName: String
    /// The fields outside oneofs, in declaration order.
    let plainFields: [SwiftFieldModel]
    let oneofs: [SwiftOneofModel]
    /// Every field, in field-number order (the order of the wire form).
    let fieldsByNumber: [SwiftFieldModel]

    init(_ decl: ProtoMessageDecl, fullName: String, context: SwiftEmitterContext) {
        self.decl = decl
        self.fullName = fullName
        qualifiedName = context.swiftTypeName(fullName)
        name = context.declaredName(fullName)
        let fields = decl.fields.map { SwiftFieldModel($0, in: fullName, context: context) }
        plainFields = fields.filter { $0.decl.oneofIndex == nil }
        fieldsByNumber = fields.sorted { $0.number < $1.number }
        let nestedTypeNames = Set(decl.messages.map(\.name) + decl.enums.map(\.name))
        oneofs = decl.oneofs.enumerated().map { index, oneof in
            var enumName = SwiftNaming.upperCamel(oneof.name)
            if nestedTypeNames.contains(enumName) || SwiftNaming.reservedTypes.contains(enumName) || enumName == decl.name {
                enumName = "OneOf_" + enumName
            }
            return SwiftOneofModel(decl: oneof, index: index, property: SwiftNaming.propertyName(oneof.name), enumName: enumName,
                                   members: fields.filter { $0.decl.oneofIndex == index })
        }
    }

    var hasFields: Bool { !decl.fields.isEmpty }
}
