#pragma once
// Automatic synchronisation of a session's streams against the pressure (docs/IMPORT.md,
// "Synchronisation"): the ground-truth keypoints by cross-correlating each foot's load with that
// foot's height above the floor and its centre of pressure with the pelvis height; cameras and the
// right insole from a jump or stomp (GestureSync.cpp). Reports no
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
/// Estimates the right insole's offset against the left ("tactile_right"): each foot's load
/// against the ground truth when there is one, else from a jump, when both feet land together.
SyncEstimate estimateRightInsoleOffset(const Session& session, const SyncOptions& options = {});
/// The right insole from a jump alone (both feet leave the floor and land together).
SyncEstimate estimateRightInsoleFromGesture(const Session& session, const SyncOptions& options = {});
/// Estimates camera `name`'s offset ("camera_<name>") from a sync gesture (a jump or a stomp):
/// where the pressure says a foot left or touched the floor, against the motion of the feet in
/// the picture. A clap leaves no trace in the pressure and cannot be used.
SyncEstimate estimateCameraOffset(const Session& session, const std::string& name, const SyncOptions& options = {});
/// The ground truth and each camera, against the pressure as the session holds it.
std::vector<SyncEstimate> estimateOtherOffsets(const Session& session, const SyncOptions& options = {});
/// Every stream these estimators can place: the right insole first, then the others with the
/// right insole moved by its estimate meanwhile (the session is left as it was).
std::vector<SyncEstimate> estimateOffsets(Session& session, const SyncOptions& options = {});
/// Adds each found estimate to the session's stored offsets (session.json, written atomically).
void applyOffsets(const std::filesystem::path& dir, const Session& session, const std::vector<SyncEstimate>& estimates);

} // namespace insolepose::interchange
