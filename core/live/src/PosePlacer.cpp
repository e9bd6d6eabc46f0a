#include "insolepose/live/PosePlacer.h"

#include <algorithm>
#include <cmath>

namespace insolepose::live {

PosePlacer::PosePlacer(double timeConstant_s) : m_tau_s(std::max(0.0, timeConstant_s)) {}

void PosePlacer::setAnchor(const PoseNormalization& anchor)
{
    m_anchor = anchor;
    reset();
}

std::optional<PoseNormalization> PosePlacer::anchorFromSession(const Session& session)
{
    const KeypointStream& gt = session.groundTruth();
    for (std::size_t i = 0; i < gt.size(); ++i)
        if (gt.isValid(i))
            return normalizationFor(gt.pose(i));
    return std::nullopt;
}

void PosePlacer::setTimeConstant(double tau_s)
{
    m_tau_s = std::max(0.0, tau_s);
    reset();
}

double PosePlacer::lag_s(double tau_s, double interval_s)
{
    if (tau_s <= 0)
        return 0;
    if (interval_s <= 0)
        return tau_s;
    return interval_s / std::expm1(interval_s / tau_s);
}

double PosePlacer::lag_s() const { return lag_s(m_tau_s, m_lastInterval_s); }

void PosePlacer::reset()
{
    m_state.reset();
    m_lastTime_ns = 0;
    m_lastInterval_s = 0;
}

Pose PosePlacer::place(const Pose& normalised, TimeNs frameTime_ns)
{
    if (!isFinite(normalised)) {
        if (m_state)
            return *m_state;
        Pose atAnchor;
        atAnchor.fill(Eigen::Vector3f(m_anchor.pelvisXY.x(), m_anchor.pelvisXY.y(), 0.0f));
        return atAnchor;
    }
    const Pose placed = undoNormalization(normalised, m_anchor);
    const double interval_s = nsToSeconds(frameTime_ns - m_lastTime_ns);
    if (!m_state || interval_s > kRestartGap_s || m_tau_s <= 0) {
        m_state = placed;
        m_lastTime_ns = frameTime_ns;
        return placed;
    }
    if (interval_s <= 0)
        return *m_state;
    // First-order low-pass (exponential smoothing) sampled at the frames' own intervals.
    const auto alpha = float(-std::expm1(-interval_s / m_tau_s));
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        (*m_state)[k] += alpha * (placed[k] - (*m_state)[k]);
    m_lastTime_ns = frameTime_ns;
    m_lastInterval_s = interval_s;
    return *m_state;
}

} // namespace insolepose::live
