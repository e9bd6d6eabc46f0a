#pragma once
// The comparison of ground truth with one or two predictions of a session as charts, CSV tables
// and a one-page PDF: what the studio's comparison dock exports and `insolepose compare` writes.
// Errors: IoError naming the file when a table, chart or the PDF cannot be written.
#include "insolepose/analysis/Gait.h"
#include "insolepose/analysis/PoseComparison.h"
#include "insolepose/report/Report.h"

#include <filesystem>
#include <optional>

namespace insolepose::report {

/// What a comparison export covers: the session, one or two models, a label track, a time range.
struct ComparisonInput {
    QString session;
    analysis::PoseComparison primary;
    std::optional<analysis::PoseComparison> second;
    std::optional<LabelTrack> labels;
    TimeNs from_ns = std::numeric_limits<TimeNs>::min();
    TimeNs to_ns = std::numeric_limits<TimeNs>::max();
    TimeNs sessionStart_ns = 0; ///< Times in tables are seconds from here.
    std::size_t worstCount = 20;
    /// The gait phase of each primary frame (analysis::phaseCategories: double-support,
    /// single-support, no-contact, "" unknown); empty: no split by gait phase.
    std::vector<std::string> gaitPhases{};
};

/// The gait phase of each frame of `c` from the contacts of a gait analysis (docs/GAIT.md).
std::vector<std::string> gaitPhasesOf(const analysis::PoseComparison& c,
                                      const std::vector<analysis::Contact>& contacts);

/// The input for `session`: prediction `model` (empty: the first stored one), optionally against
/// prediction `against`, split by label track `track` (empty: the first track, if any). Throws
/// Error naming the session and listing what it has when a model or track is not there, or when
/// the session has no ground truth or no predictions.
ComparisonInput comparisonInput(const Session& session, const std::string& model = {}, const std::string& against = {},
                                const std::string& track = {});

/// The numbers of an export, computed once from a ComparisonInput.
struct ComparisonTables {
    analysis::ErrorStats primary;
    std::optional<analysis::ErrorStats> second;
    std::map<std::string, analysis::ErrorStats> byLabel; ///< Of the primary model.
    std::map<std::string, analysis::ErrorStats> byGaitPhase; ///< Of the primary model.
    std::vector<std::size_t> worst; ///< Indices into primary.frames, worst first.
};
ComparisonTables computeTables(const ComparisonInput& in);

/// Mean error per joint in the paper's keypoint order (Figure 2 style), one series per model.
BarChart jointChart(const ComparisonInput& in, const ComparisonTables& t);
/// MPJPE and PA-MPJPE per body region and axis of the primary model.
BarChart regionChart(const ComparisonInput& in, const ComparisonTables& t);
/// MPJPE and PA-MPJPE per label of the primary model.
BarChart labelChart(const ComparisonInput& in, const ComparisonTables& t);

/// The CSV tables (with a header line): per joint (comparison.csv), per body region and axis
/// (by_part.csv, with the gait phases), per label (by_action.csv) and the worst frames (worst_frames.csv).
QString jointCsv(const ComparisonInput& in, const ComparisonTables& t);
QString partCsv(const ComparisonInput& in, const ComparisonTables& t);
QString labelCsv(const ComparisonInput& in, const ComparisonTables& t);
QString worstFramesCsv(const ComparisonInput& in, const ComparisonTables& t);

/// The one-page report: facts, the charts and the worst frames.
OnePageReport comparisonReport(const ComparisonInput& in, const ComparisonTables& t);

/// Writes into `dir` (created when missing): comparison.csv, by_part.csv, by_action.csv,
/// worst_frames.csv, per_joint.png, by_part.png, by_action.png and report.pdf. Throws IoError.
void writeComparison(const std::filesystem::path& dir, const ComparisonInput& in);

} // namespace insolepose::report
