#pragma once
// The gait charts and the one-page gait report of a session (docs/GAIT.md), composed with the
// generic charts of Report.h from the numbers of analysis::GaitAnalysis and PressureMaps. Used by
// `insolepose gait` and the studio's gait dock. Errors: IoError naming a file that cannot be
// written.
#include "insolepose/Session.h"
#include "insolepose/analysis/Gait.h"
#include "insolepose/analysis/PressureMaps.h"
#include "insolepose/report/Report.h"

#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace insolepose::report {

/// One chart and the PNG file name it is saved under.
struct GaitChart {
    std::string file; ///< e.g. "stance_curves.png"
    AnyChart chart;
};

/// The time range the detailed charts show: `seconds` from the first step's heel strike (the whole
/// session when it has no step).
std::pair<TimeNs, TimeNs> gaitWindow(const Session& session, const analysis::GaitAnalysis& gait, double seconds = 12.0);

/// Load with stance bands, stance curves of both feet over 0..100 % stance, butterfly, centre of
/// pressure per step, peak- and mean-pressure maps of both feet over `mapRange` (a selection or a
/// label segment; default the whole session), region loads (zones of `bounds`), and per-label bars.
std::vector<GaitChart> gaitCharts(const Session& session, const analysis::GaitAnalysis& gait,
                                  const analysis::RegionBounds& bounds = {},
                                  std::optional<std::pair<TimeNs, TimeNs>> mapRange = std::nullopt);
/// The chart as an image.
QImage renderChart(const GaitChart& chart);

/// The one-page report: facts, the table per action label, four charts and the notes.
OnePageReport gaitReport(const Session& session, const analysis::GaitAnalysis& gait);

/// What `insolepose gait` writes into `dir` (created): steps.csv, summary.json, gait_events.json,
/// every chart as PNG and report.pdf. Returns the files written.
std::vector<std::filesystem::path> writeGaitOutputs(const std::filesystem::path& dir, const Session& session,
                                                    const analysis::GaitAnalysis& gait);

} // namespace insolepose::report
