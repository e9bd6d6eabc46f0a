#pragma once
// Places live poses in the world so that the skeleton stands where the person is and does not jump
// between frames. The model predicts in the normalised frame (docs/REFERENCE.md section 1,
// "Normalisation"): pelvis x-y at the origin, shoulders along +x, z absolute. A PosePlacer puts
// that pose back at a fixed anchor (a pelvis x-y position and a heading about z) that it holds for
// every frame (the heading is never re-derived from a live pose), then smooths each coordinate
// over time with a first-order low-pass filter (docs/MODEL.md, "Causal live model").
// No errors: a pose that is not finite is ignored (the last placed pose is returned, before any
// every keypoint on the floor at the anchor).
#include "insolepose/Session.h"
#include "insolepose/Skeleton.h"
#include "insolepose/Time.h"

#include <optional>

namespace insolepose::live {

class PosePlacer {
public:
    /// The default time constant of the smoothing filter: about one frame at 14 Hz.
    static constexpr double kDefaultTimeConstant_s = 0.1;
    /// A gap between two frames longer than this restarts the filter at the new pose.
    static constexpr double kRestartGap_s = 1.0;

    explicit PosePlacer(double timeConstant_s = kDefaultTimeConstant_s);

    /// Where the skeleton's pelvis stands (x-y, metres) and its heading: `anchor.yaw_rad` is the
    /// rotation that normalised the pose (as normalizationFor() returns it), so the anchor of a
    /// world pose P is normalizationFor(P). The default anchor is the world origin, shoulders on
    /// +x. Setting an anchor restarts the filter.
    void setAnchor(const PoseNormalization& anchor);
    const PoseNormalization& anchor() const { return m_anchor; }
    /// The anchor of the person in a session: the pelvis position and heading of its first valid
    /// ground-truth frame; nullopt when the session has no valid ground truth.
    static std::optional<PoseNormalization> anchorFromSession(const Session& session);

    /// Time constant tau of the filter (0: no smoothing). Restarts the filter.
    void setTimeConstant(double tau_s);
    double timeConstant_s() const { return m_tau_s; }
    /// How far the smoothed pose trails a pose moving at constant speed, for frames `interval_s`
    /// apart: interval / (exp(interval / tau) - 1), about tau - interval / 2 (0 without smoothing).
    static double lag_s(double tau_s, double interval_s);
    /// lag_s() at the interval between the last two frames placed (tau before the second frame).
    double lag_s() const;

    /// Places a normalised pose at the anchor and smooths it with the earlier ones. `frameTime_ns`
    /// is the time of the frame it describes (InferenceResult::frameTime_ns); a frame not newer
    /// than the last one is placed without updating the filter.
    Pose place(const Pose& normalised, TimeNs frameTime_ns);
    /// The last pose place() returned, if any.
    const std::optional<Pose>& current() const { return m_state; }
    /// Forgets the filter's state (the next pose is placed unsmoothed).
    void reset();

private:
    PoseNormalization m_anchor;
    double m_tau_s;
    std::optional<Pose> m_state;
    TimeNs m_lastTime_ns = 0;
    double m_lastInterval_s = 0;
};

} // namespace insolepose::live
