import FazhanCore
import FazhanStore

/// A person to register, as entered.
public struct Registration: Sendable {
    public var number: String
    public var name: String
    public var organizationCode: String
    public var category: PersonProfile.Category
    public var birthDate: CivilDate?
    public var gender: Gender?
    /// The resident ID as entered: checked, and birth date and gender taken from it when not given.
    public var idNumber: String?
    public var ethnicity: String?
    public var education: String?
    public var level: PersonProfile.Level?
    public var grade: Int?
    public var leagueMember: Bool
    /// The workflow id the person follows (else the database's default).
    public var workflow: String?
    public var recordedBy: String
    public var recordedAt: String
    public var today: CivilDate

    public init(number: String, name: String, organizationCode: String, category: PersonProfile.Category, birthDate: CivilDate?,
                gender: Gender?, idNumber: String?, ethnicity: String?, education: String?, level: PersonProfile.Level?, grade: Int?,
                leagueMember: Bool, workflow: String?, recordedBy: String, recordedAt: String, today: CivilDate) {
        self.number = number
        self.name = name
        self.organizationCode = organizationCode
        self.category = category
        self.birthDate = birthDate
        self.gender = gender
        self.idNumber = idNumber
        self.ethnicity = ethnicity
        self.education = education
        self.level = level
        self.grade = grade
        self.leagueMember = leagueMember
        self.workflow = workflow
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.today = today
    }
}

/// The version of the rules a new person follows, and whether it was installed for them just now.
public struct ChosenWorkflow: Sendable {
    public var installed: InstalledWorkflow
    public var installedNow: Bool
}

/// Everyone in scope with their stage, and the stage names across the installed rules.
public struct PeopleList: Sendable {
    public var people: [PersonListing]
    public var stageNames: [String: String]
}

/// The organization tree in depth-first order (children under their parents), with how many
/// people each holds.
public struct OrganizationTree: Sendable {
    public var ordered: [(organization: Organization, depth: Int)]
    public var people: [String: Int]
    public var directory: OrganizationDirectory
}

extension DevelopmentService {
    /// Installs a rule set; with `makeDefault`, people registered from now on follow it.
    public func install(_ bundle: WorkflowBundle, by user: String, at timestamp: String, makeDefault: Bool) async throws -> InstalledWorkflow {
        let installed = try await store.install(bundle, by: user, at: timestamp)
        if makeDefault { try await store.setSetting("default_workflow", bundle.workflow.id) }
        return installed
    }

    /// The workflow version a new person follows: the latest installed version of the requested
    /// id (installing it with `load` if it is not installed yet), else of the database's default.
    public func workflowForNewPeople(
        requested: String?, by user: String, at timestamp: String, load: (String) throws -> WorkflowBundle
    ) async throws -> ChosenWorkflow {
        var id = requested
        if id == nil { id = try await store.defaultWorkflowID() }
        guard let id else { throw ServiceError.noDefaultWorkflow }
        if let installed = try await store.latestVersion(of: id) { return ChosenWorkflow(installed: installed, installedNow: false) }
        let installed = try await store.install(try load(id), by: user, at: timestamp)
        return ChosenWorkflow(installed: installed, installedNow: true)
    }

    /// Registers a person. A resident ID is checked (its checksum, and that it agrees with the
    /// birth date and gender given, which are taken from it when not given); a birth date in the
    /// future is refused.
    public func register(_ registration: Registration, load: (String) throws -> WorkflowBundle) async throws -> (PersonProfile, ChosenWorkflow) {
        var birthDate = registration.birthDate
        var gender = registration.gender
        var normalizedID: String?
        if let idNumber = registration.idNumber {
            let resident: ResidentID
            do {
                resident = try ResidentID(validating: idNumber)
            } catch {
                throw ServiceError.invalidIDNumber(masked: ResidentID.mask(idNumber), reason: "\(error)")
            }
            let disagreements = resident.agrees(birthDate: birthDate, gender: gender)
            if !disagreements.isEmpty { throw ServiceError.idNumberDisagrees(masked: resident.masked, disagreements) }
            birthDate = birthDate ?? resident.birthDate
            gender = gender ?? resident.gender
            normalizedID = resident.value
        }
        if let birthDate, birthDate > registration.today { throw ServiceError.birthDateInFuture(birthDate) }
        // One resident ID, one person (the store checks again as it writes, against a race).
        if let normalizedID, let holder = try await store.people(idNumbers: [normalizedID])[normalizedID] {
            throw ServiceError.idNumberTaken(masked: ResidentID.mask(normalizedID), holder: holder.number, number: registration.number)
        }
        let chosen = try await workflowForNewPeople(requested: registration.workflow, by: registration.recordedBy,
                                                    at: registration.recordedAt, load: load)
        let person = try await store.addPerson(NewPerson(
            number: registration.number, name: registration.name, organizationCode: registration.organizationCode,
            category: registration.category, gender: gender, birthDate: birthDate, ethnicity: registration.ethnicity,
            education: registration.education, level: registration.level, grade: registration.grade,
            leagueMember: registration.leagueMember, idNumber: normalizedID, workflowVersion: chosen.installed.version,
            createdAt: registration.recordedAt, createdBy: registration.recordedBy))
        return (person, chosen)
    }

    /// People with their current stage, within an organization's subtree or a stage (id or
    /// name); without `includeExits` or a stage, those who left are left out.
    public func people(organization: String?, stage: String?, includeExits: Bool) async throws -> PeopleList {
        var names: [String: String] = [:]
        var exits: Set<String> = []
        for version in try await store.installedWorkflows() {
            for stage in try await store.bundle(version: version.version).workflow.stages {
                if names[stage.id] == nil { names[stage.id] = stage.name }
                if stage.isExit { exits.insert(stage.id) }
            }
        }
        let stageID = stage.map { text in names.first { $0.value == text }?.key ?? text }
        if let stage, let stageID, names[stageID] == nil {
            // A stage no installed workflow has would list nobody, as if nobody were in it.
            let valid = names.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
            throw ServiceError.unknownValue(what: "stage", value: stage, valid: valid)
        }
        let people = try await store.people(organizationCode: organization, stage: stageID)
            .filter { includeExits || stageID != nil || !exits.contains($0.stage ?? "") }
        return PeopleList(people: people, stageNames: names)
    }

    public func addOrganization(_ new: NewOrganization) async throws -> Organization {
        try await store.addOrganization(new)
    }

    /// The organization tree, depth first, with how many people each organization holds.
    public func organizationTree() async throws -> OrganizationTree {
        let organizations = try await store.organizations()
        let counts = Dictionary(grouping: try await store.people(organizationCode: nil, stage: nil), by: \.organizationCode)
            .mapValues(\.count)
        var children: [Int64?: [Organization]] = [:]
        for organization in organizations { children[organization.parentID, default: []].append(organization) }
        var ordered: [(organization: Organization, depth: Int)] = []
        func visit(_ parent: Int64?, depth: Int) {
            for organization in children[parent] ?? [] {
                ordered.append((organization, depth))
                visit(organization.id, depth: depth + 1)
            }
        }
        visit(nil, depth: 0)
        return OrganizationTree(ordered: ordered, people: counts, directory: OrganizationDirectory(organizations))
    }

    /// The installed rule versions and the id new people follow.
    public func workflows() async throws -> (installed: [InstalledWorkflow], defaultID: String?) {
        (try await store.installedWorkflows(), try await store.defaultWorkflowID())
    }

    // MARK: Planning data

    public func setEnrollment(_ entry: EnrollmentEntry, recordedAt: String, recordedBy: String) async throws {
        try await store.setEnrollment(organizationCode: entry.organizationCode, students: entry.students, staff: entry.staff,
                                      effectiveOn: entry.effectiveOn, recordedAt: recordedAt, recordedBy: recordedBy)
    }

    /// Records counts checked by the caller (an imported file): all of them or none.
    public func setEnrollments(_ entries: [EnrollmentEntry], recordedAt: String, recordedBy: String) async throws {
        try await store.setEnrollments(entries, recordedAt: recordedAt, recordedBy: recordedBy)
    }

    public func enrollment(asOf date: CivilDate) async throws -> [EnrollmentCount] {
        try await store.enrollment(asOf: date)
    }

    /// Records branches' full members (正式党员) in force from a date, all or none: what R13
    /// judges a meeting's 应到 against. Only a 党支部 has them (the caller checks each count's
    /// range, `Bounds.fullMembers`).
    public func setMemberships(_ entries: [MembershipEntry], recordedAt: String, recordedBy: String) async throws {
        try await store.setMemberships(entries, recordedAt: recordedAt, recordedBy: recordedBy)
    }

    /// The full-member counts in force on a date, one per branch that has one.
    public func membership(asOf date: CivilDate) async throws -> [MembershipCount] {
        try await store.membership(asOf: date)
    }

    public func setPlan(organizationCode: String, year: Int, category: PersonProfile.Category, quota: Int,
                        recordedAt: String, recordedBy: String) async throws {
        try await store.setPlan(organizationCode: organizationCode, year: year, category: category.rawValue, quota: quota,
                                recordedAt: recordedAt, recordedBy: recordedBy)
    }

    public func plans(year: Int) async throws -> [DevelopmentPlan] {
        try await store.plans(year: year)
    }

    public func recordGrading(organizationCode: String, year: Int, grade: String, strongest: Bool, note: String?,
                              recordedAt: String, recordedBy: String) async throws {
        try await store.recordGrading(organizationCode: organizationCode, year: year, grade: grade, strongest: strongest, note: note,
                                      recordedAt: recordedAt, recordedBy: recordedBy)
    }

    /// Every person's seal chain, every checkpoint and every stored projection, recomputed.
    public func verify() async throws -> IntegrityReport {
        try await store.verify()
    }
}
