#pragma once
// What the studio plots over a session, computed from its streams: each foot's load curve, the
// per-frame error curve of a prediction against the ground truth, the centre-of-pressure trail
// before a time, and per-joint errors. GUI-free (QtCore and std only); reports no errors: frames
// that cannot be compared (lost markers, no prediction near a ground-truth frame) are left out.
#include "insolepose/Session.h"

#include <array>
#include <optional>
#include <vector>

namespace insolepose {

/// One curve: a value per timestamp, in time order.
struct TimeCurve {
    std::vector<TimeNs> times_ns;
    std::vector<float> values;
};

/// A centre of pressure in taxel coordinates (cell centres at integer + 0.5).
struct CentreOfPressure {
    double row = 0;
    double col = 0;
    friend bool operator==(const CentreOfPressure&, const CentreOfPressure&) = default;
};

/// How far a ground-truth frame may be from the time asked for.
inline constexpr TimeNs kGroundTruthTolerance_ns = 100 * kNsPerMs;
/// How far a predicted frame may be from the time asked for.
inline constexpr TimeNs kPredictionTolerance_ns = 200 * kNsPerMs;

/// The load (sum of normalised taxels, non-finite values as zero) of every frame of `stream`.
TimeCurve loadCurve(const TactileStream& stream, const Calibration& calibration);

/// The pose of `stream` nearest to `t_ns`, when that frame is valid and within `tolerance_ns`.
std::optional<Pose> poseNear(const KeypointStream& stream, TimeNs t_ns, TimeNs tolerance_ns);

/// At each valid ground-truth frame with a prediction within `tolerance_ns`: the MPJPE (cm) of the
/// prediction (in the normalised frame) against the normalised ground truth.
TimeCurve errorCurve(const KeypointStream& groundTruth, const KeypointStream& prediction,
                     TimeNs tolerance_ns = kGroundTruthTolerance_ns);

/// Distance (cm) of each joint of a prediction in the normalised frame from the normalised
/// `groundTruth`.
std::array<float, kKeypointCount> jointErrors_cm(const Pose& normalizedPrediction, const Pose& groundTruth);

/// Centres of pressure of the frames of `stream` in [t_ns - window_ns, t_ns], oldest first (frames
/// without load have none and are skipped).
std::vector<CentreOfPressure> pressureTrail(const TactileStream& stream, const Calibration& calibration, TimeNs t_ns,
                                            TimeNs window_ns = kNsPerSecond);

} // namespace insolepose
