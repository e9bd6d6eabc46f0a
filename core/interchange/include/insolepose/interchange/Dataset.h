#pragma once
// A dataset is a folder of sessions with a dataset.json (docs/IMPORT.md, "Datasets"): a listing of
// every session (subject, actions, duration, label coverage, quality flags such as dead taxels or
// dropped frames), filters over it, and saved splits (random, by subject, by action) that
// `insolepose train` and `evaluate` read. Errors: IoError / FormatError naming the file and field.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace insolepose::interchange {

struct SessionSummary {
    std::string session; ///< Folder name inside the dataset.
    std::string subject;
    std::vector<std::string> actions; ///< Labels of the "actions" track, by covered time, most first.
    double duration_s = 0;
    double labelCoverage = 0; ///< Share of the duration covered by action labels (0..1).
    std::size_t deadTaxels = 0; ///< Calibration's bad taxels plus live taxels that never change.
    std::size_t droppedFrames = 0; ///< Gaps in the boards' sequence numbers, both feet.
    bool hasGroundTruth = false;
    std::vector<std::string>
        flags; ///< "dead-taxels", "dropped-frames", "no-ground-truth", "unlabelled", "unreadable: ..."
};

/// Reads every session folder of `dir` (sorted by name). A session that cannot be opened is listed
/// with an "unreadable" flag, not dropped.
std::vector<SessionSummary> scanDataset(const std::filesystem::path& dir);

struct DatasetFilter {
    std::string subject; ///< Empty: any.
    std::string action; ///< Empty: any; else sessions whose actions include it.
    double minCoverage = 0;
    bool withoutFlags = false; ///< Only sessions with no quality flag.
    bool matches(const SessionSummary& s) const;
};

enum class SplitBy { Random, Subject, Action };
const char* splitByName(SplitBy by);

struct SplitSpec {
    std::string name;
    SplitBy by = SplitBy::Random;
    double train = 0.7, validation = 0.2; ///< Test gets the rest.
    std::uint32_t seed = 1;
};

/// Parts "train", "validation", "test", each a list of session names.
using DatasetSplit = std::map<std::string, std::vector<std::string>>;

/// Assigns whole sessions (Random), whole subjects (Subject) or whole main actions (Action) to the
/// parts, shuffled with the seed; each part gets at least one group when there are three or more.
DatasetSplit makeSplit(const std::vector<SessionSummary>& sessions, const SplitSpec& spec);

/// Writes dataset.json: the listing and `splits` merged into what is there (other keys and
/// other splits are kept). Atomic.
void saveDataset(const std::filesystem::path& dir, const std::vector<SessionSummary>& sessions,
                 const std::map<std::string, DatasetSplit>& splits = {});

/// The saved split `name` of the dataset at `dir`; throws FormatError naming the splits present.
DatasetSplit readSplit(const std::filesystem::path& dir, const std::string& name);

} // namespace insolepose::interchange
