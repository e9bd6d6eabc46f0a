#pragma once
// Ground truth against a prediction, frame by frame: per-joint, per-axis and per-frame errors
// (MPJPE and PA-MPJPE), their statistics over a session, a time range, each label of a label track
// or any per-frame category, the worst frames, and the per-frame distance between two predictions.
// Frames are matched as the studio's error curve does (SessionCurves.h): each valid ground-truth
// frame with a prediction within the tolerance; the prediction is in the normalised frame and is
// compared with the normalised ground truth (docs/REFERENCE.md). Errors: Error when a category
// vector does not have one entry per compared frame; nothing else throws.
#include "insolepose/Labels.h"
#include "insolepose/Session.h"
#include "insolepose/SessionCurves.h"
#include "insolepose/Skeleton.h"

#include <array>
#include <cstddef>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace insolepose::analysis {

/// The five body regions of the comparison (docs/STUDIO.md, "Comparison").
enum class BodyRegion { Head, Torso, Arms, Legs, Feet };
inline constexpr std::size_t kBodyRegionCount = 5;
BodyRegion bodyRegion(std::size_t keypoint);
std::string_view bodyRegionName(BodyRegion region);

/// Rigid alignment with scale (Umeyama) of `predicted` onto `truth`, then MPJPE (metres).
float procrustesMpjpe(const Pose& predicted, const Pose& truth);

/// Rigid alignment with scale (Umeyama) of `predicted` onto `truth`.
Pose procrustesAlign(const Pose& predicted, const Pose& truth);

/// Distances (cm) of one pose from another: per joint, mean absolute per axis, and their mean.
struct JointErrors {
    std::array<float, kKeypointCount> joint_cm{};
    std::array<float, 3> axis_cm{}; ///< Mean absolute error on x, y, z over the joints.
    float mean_cm = 0; ///< MPJPE.
};
JointErrors jointErrors(const Pose& a, const Pose& b);

/// The errors of one compared ground-truth frame: as predicted (MPJPE) and after Procrustes
/// alignment (PA-MPJPE).
struct FrameError {
    TimeNs time_ns = 0; ///< The ground-truth frame's time.
    JointErrors raw;
    JointErrors aligned;
};

/// The compared frames of one prediction, in time order.
struct PoseComparison {
    std::string model;
    std::vector<FrameError> frames;
};

/// A ground-truth frame and the prediction matched to it.
struct PosePair {
    TimeNs time_ns = 0;
    Pose normalizedPrediction;
    Pose groundTruth;
};
/// Every valid ground-truth frame that has a prediction within `tolerance_ns`, with that prediction
/// (cheap: the poses are copied out, e.g. to compare them on another thread).
std::vector<PosePair> matchPoses(const KeypointStream& groundTruth, const KeypointStream& prediction,
                                 TimeNs tolerance_ns = kGroundTruthTolerance_ns);
/// The errors of each pair, in order.
PoseComparison comparePairs(std::string model, std::span<const PosePair> pairs);

/// Compares `prediction` (normalised frame) with `groundTruth` at every valid ground-truth frame
/// that has a prediction within `tolerance_ns`.
PoseComparison comparePoses(const KeypointStream& groundTruth, const KeypointStream& prediction,
                            TimeNs tolerance_ns = kGroundTruthTolerance_ns);
/// The errors of one frame: `normalizedPrediction` against `groundTruth` (normalised here).
FrameError frameError(TimeNs time_ns, const Pose& normalizedPrediction, const Pose& groundTruth);

/// Means of JointErrors over frames (cm), with the mean per body region; NaN when there are none.
struct MeanErrors {
    double mean_cm = std::numeric_limits<double>::quiet_NaN();
    std::array<double, kKeypointCount> joint_cm{};
    std::array<double, 3> axis_cm{};
    std::array<double, kBodyRegionCount> region_cm{};
};

/// Statistics over a set of compared frames: raw gives MPJPE, aligned PA-MPJPE.
struct ErrorStats {
    std::size_t frames = 0;
    MeanErrors raw;
    MeanErrors aligned;
};

/// Statistics over all frames of `c`.
ErrorStats summarize(const PoseComparison& c);
/// Statistics over the frames of `c` in [from_ns, to_ns).
ErrorStats summarize(const PoseComparison& c, TimeNs from_ns, TimeNs to_ns);
/// Statistics per category: `categories` holds one entry per frame of `c` (an empty entry leaves
/// the frame out). Throws Error when the sizes differ. Gait phases, labels, anything per frame.
std::map<std::string, ErrorStats> summarizeByCategory(const PoseComparison& c, std::span<const std::string> categories);
/// The label of `track` covering each frame of `c` ("unlabelled" where none does).
std::vector<std::string> labelsPerFrame(const PoseComparison& c, const LabelTrack& track);
/// Statistics per label of `track` (frames no segment covers are grouped as "unlabelled").
std::map<std::string, ErrorStats> summarizeByLabel(const PoseComparison& c, const LabelTrack& track);

/// Indices into c.frames of the `n` frames with the largest MPJPE in [from_ns, to_ns), worst first
/// (ties: earlier first).
std::vector<std::size_t> worstFrames(const PoseComparison& c, std::size_t n,
                                     TimeNs from_ns = std::numeric_limits<TimeNs>::min(),
                                     TimeNs to_ns = std::numeric_limits<TimeNs>::max());

/// At each time found in both `a` and `b` (pairs of the same ground truth): the mean per-joint
/// distance (cm) between their predictions.
TimeCurve distanceBetween(std::span<const PosePair> a, std::span<const PosePair> b);
/// At each valid ground-truth frame where both predictions have a frame within `tolerance_ns`: the
/// mean per-joint distance (cm) between prediction `a` and prediction `b` (both normalised).
TimeCurve predictionDistance(const KeypointStream& groundTruth, const KeypointStream& a, const KeypointStream& b,
                             TimeNs tolerance_ns = kGroundTruthTolerance_ns);

} // namespace insolepose::analysis
