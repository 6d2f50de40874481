import FazhanCore

/// The report with what every section needs worked out once: the figures of the scope in the
/// three periods and the organizations in scope.
struct ReportContext {
    let report: QuarterlyReport
    let current: OrganizationFigures
    let previous: OrganizationFigures?
    let lastYear: OrganizationFigures?
    /// The organizations of the report's scope, in tree order, with their depth in the tree
    /// (0 for the scope's top).
    let organizations: [(figures: OrganizationFigures, depth: Int)]

    init(_ report: QuarterlyReport) {
        self.report = report
        current = report.figures(report.current)
        previous = report.previous.map(report.figures)
        lastYear = report.lastYear.map(report.figures)

        let all = report.current.organizationFigures
        var parents: [String: String] = [:]
        for figures in all {
            if let summary = figures.organization, let parent = summary.parentCode { parents[summary.code] = parent }
        }
        /// The codes from an organization up to the root (at most 64: a cycle stops there).
        func chain(_ code: String) -> [String] {
            var result = [code]
            while let parent = parents[result[result.count - 1]], result.count < 64, !result.contains(parent) {
                result.append(parent)
            }
            return result
        }
        organizations = all.compactMap { figures -> (OrganizationFigures, Int)? in
            guard let code = figures.organization?.code else { return nil }
            let ancestors = chain(code)
            if let scope = report.organizationCode {
                guard let position = ancestors.firstIndex(of: scope) else { return nil }
                return (figures, position)
            }
            return (figures, ancestors.count - 1)
        }
    }

    /// The name of an organization of the directory by code, or the code itself.
    func organizationName(_ code: String) -> String {
        report.current.organizationFigures.first { $0.organization?.code == code }?.organization?.name ?? code
    }
}
