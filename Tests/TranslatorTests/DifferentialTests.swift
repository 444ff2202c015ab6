// Differential tests of the dynamic binary translator against the interpreter: random RV64GC programs
// (ProgramGenerator.swift) run on two identical machines, one per engine, and everything architectural
// must agree afterwards (DifferentialMachine.swift), both for complete runs and for runs cut short by
// small instruction budgets, which the translator must honour exactly. A fixed-seed slice runs in every
// `swift test`; Scripts/differential-campaign runs many more seeds through `DifferentialCampaign`.
import Glibc
import Testing
import TestSupport

/// Settings read from the environment by the campaign (Scripts/differential-campaign).
enum CampaignSettings {
    /// `MORPH_DIFFERENTIAL_SEEDS` as `start:count` (or just `count`, starting at 0); nil when unset.
    static var seeds: Range<UInt64>? {
        guard let text = environment("MORPH_DIFFERENTIAL_SEEDS") else { return nil }
        let parts = text.split(separator: ":").compactMap { UInt64($0) }
        switch parts.count {
        case 1: return 0..<parts[0]
        case 2: return parts[0]..<(parts[0] + parts[1])
        default: return nil
        }
    }

    /// `MORPH_DIFFERENTIAL_LENGTH`: instructions per program (default 40).
    static var length: Int { environment("MORPH_DIFFERENTIAL_LENGTH").flatMap { Int($0) } ?? 40 }

    /// `MORPH_DIFFERENTIAL_GROUP`: one group for every seed; unset means seed `s` uses group
    /// `s % groups`.
    static var group: InstructionGroup? { environment("MORPH_DIFFERENTIAL_GROUP").flatMap { InstructionGroup(rawValue: $0) } }

    /// `getenv` as a Swift string.
    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}

/// The fixed-seed slice: every group, complete runs and small budgets.
@Suite struct DifferentialTests {
    /// Programs per group in the complete-run slice (12 groups: 300 programs).
    static let programsPerGroup: UInt64 = 25
    /// Instructions per program.
    static let length = 40

    /// The seeds of `group` in the fixed slice.
    static func seeds(of group: InstructionGroup) -> Range<UInt64> {
        let first = UInt64(InstructionGroup.allCases.firstIndex(of: group)!) * 1000
        return first..<(first + programsPerGroup)
    }

    @Test("interpreter and translator agree on complete runs", arguments: InstructionGroup.allCases)
    func completeRuns(group: InstructionGroup) throws {
        for seed in DifferentialTests.seeds(of: group) {
            let differential = try DifferentialCase(group: group, seed: seed, length: DifferentialTests.length)
            if let report = try differential.compare() {
                Issue.record(Comment(rawValue: report))
                return  // one report per group is enough to act on
            }
        }
    }

    @Test("the translator stops exactly at small budgets, and resumes", arguments: InstructionGroup.allCases)
    func smallBudgets(group: InstructionGroup) throws {
        for seed in DifferentialTests.seeds(of: group).prefix(4) {
            let differential = try DifferentialCase(group: group, seed: seed, length: DifferentialTests.length)
            for limit: UInt64 in [1, 2, 3, 7, UInt64(differential.program.instructions.count)] {
                if let report = try differential.compare(budget: limit) {
                    Issue.record(Comment(rawValue: report))
                    return
                }
            }
        }
    }

    @Test("the generator's programs assemble and end with ecall", arguments: InstructionGroup.allCases)
    func programsAssemble(group: InstructionGroup) throws {
        for seed in DifferentialTests.seeds(of: group) {
            let differential = try DifferentialCase(group: group, seed: seed, length: DifferentialTests.length)
            #expect(differential.program.instructions.last?.operation == .ecall)
            #expect(differential.program.instructions.count > DifferentialTests.length)
        }
    }
}

/// Many seeds, when Scripts/differential-campaign asks for them (`MORPH_DIFFERENTIAL_SEEDS`).
@Suite struct DifferentialCampaign {
    /// The most failure reports printed in full.
    static let reportedFailures = 5

    @Test("campaign over MORPH_DIFFERENTIAL_SEEDS", .enabled(if: CampaignSettings.seeds != nil))
    func campaign() throws {
        guard let seeds = CampaignSettings.seeds else { return }
        let groups = InstructionGroup.allCases
        var programs = 0
        var failed: [(UInt64, InstructionGroup)] = []
        for seed in seeds {
            let group = CampaignSettings.group ?? groups[Int(seed % UInt64(groups.count))]
            let differential = try DifferentialCase(group: group, seed: seed, length: CampaignSettings.length)
            // A complete run, then one budgeted run with a budget chosen by the seed.
            let budgets: [UInt64] = [1, 2, 3, 7, UInt64(differential.program.instructions.count), seed % 97 + 1]
            var report = try differential.compare()
            if report == nil { report = try differential.compare(budget: budgets[Int(seed % UInt64(budgets.count))]) }
            programs += 1
            if let report {
                failed.append((seed, group))
                if failed.count <= DifferentialCampaign.reportedFailures {
                    print(report)
                    Issue.record(Comment(rawValue: report))
                }
            }
        }
        print("differential campaign: seeds \(seeds.lowerBound)..<\(seeds.upperBound), "
              + "\(CampaignSettings.length) instructions per program: \(programs) programs ran, \(failed.count) failed")
        if !failed.isEmpty {
            print("failing seeds: " + failed.map { "\($0.0) (\($0.1))" }.joined(separator: ", "))
            Issue.record("\(failed.count) of \(programs) programs failed")
        }
    }
}
