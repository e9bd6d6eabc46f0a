#pragma once
// Automatic synchronisation of a session's streams against the pressure (docs/IMPORT.md,
// "Synchronisation"): the ground-truth keypoints by cross-correlating each foot's load with that
// foot's height above the floor and its centre of pressure with the pelvis height. Reports no
// errors: a stream that cannot be matched gives an estimate marked not found, with the reason.
#include "insolepose/Session.h"

#include <string>
#include <vector>

namespace insolepose::interchange {

struct SyncOptions {
    double maxLag_s = 2.0; ///< Offsets searched: -maxLag .. +maxLag.
    double step_s = 0.005; ///< Resolution of the resampled signals.
};

struct SyncEstimate {
    std::string stream; ///< e.g. "keypoints_gt"
    bool found = false;
    /// Seconds to ADD to the stream's current sync offset so that it lines up with the pressure.
    double offset_s = 0;
    double correlation = 0; ///< Peak normalised correlation (-1..1); low values mean a weak match.
    std::string note; ///< Why nothing was found, or what the estimate used.
};

/// Estimates the ground truth's offset against the pressure (both feet).
SyncEstimate estimateGroundTruthOffset(const Session& session, const SyncOptions& options = {});
/// Every stream this estimator can place (today: keypoints_gt; cameras are nudged by hand).
std::vector<SyncEstimate> estimateOffsets(const Session& session, const SyncOptions& options = {});
/// Adds each found estimate to the session's stored offsets (session.json, written atomically).
void applyOffsets(const std::filesystem::path& dir, const Session& session, const std::vector<SyncEstimate>& estimates);

} // namespace insolepose::interchange
