#include "insolepose/SessionCurves.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace insolepose {

TimeCurve loadCurve(const TactileStream& stream, const Calibration& calibration)
{
    TimeCurve curve;
    curve.times_ns.reserve(stream.size());
    curve.values.reserve(stream.size());
    std::vector<float> values(static_cast<std::size_t>(kModelGrid.cellCount()));
    for (std::size_t i = 0; i < stream.size(); ++i) {
        calibration.normalize(stream.raw(i), values);
        double sum = 0;
        for (float v : values)
            sum += std::isfinite(v) ? v : 0.0f;
        curve.times_ns.push_back(stream.timeAt(i));
        curve.values.push_back(static_cast<float>(sum));
    }
    return curve;
}

std::optional<Pose> poseNear(const KeypointStream& stream, TimeNs t_ns, TimeNs tolerance_ns)
{
    if (auto i = stream.nearest(t_ns); i && stream.isValid(*i) && std::llabs(stream.timeAt(*i) - t_ns) <= tolerance_ns)
        return stream.pose(*i);
    return std::nullopt;
}

TimeCurve errorCurve(const KeypointStream& groundTruth, const KeypointStream& prediction, TimeNs tolerance_ns)
{
    TimeCurve curve;
    for (std::size_t i = 0; i < groundTruth.size(); ++i) {
        if (!groundTruth.isValid(i))
            continue;
        const auto predicted = poseNear(prediction, groundTruth.timeAt(i), tolerance_ns);
        if (!predicted)
            continue;
        curve.times_ns.push_back(groundTruth.timeAt(i));
        curve.values.push_back(100.0f * mpjpe(*predicted, normalizePose(groundTruth.pose(i))));
    }
    return curve;
}

std::array<float, kKeypointCount> jointErrors_cm(const Pose& normalizedPrediction, const Pose& groundTruth)
{
    const Pose normalizedGt = normalizePose(groundTruth);
    std::array<float, kKeypointCount> errors{};
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        errors[k] = 100.0f * (normalizedPrediction[k] - normalizedGt[k]).norm();
    return errors;
}

std::vector<CentreOfPressure> pressureTrail(const TactileStream& stream, const Calibration& calibration, TimeNs t_ns,
                                            TimeNs window_ns)
{
    std::vector<CentreOfPressure> trail;
    const auto newest = stream.latestAt(t_ns);
    if (!newest)
        return trail;
    std::vector<float> values(static_cast<std::size_t>(kModelGrid.cellCount()));
    for (std::size_t k = *newest + 1; k-- > 0;) {
        if (stream.timeAt(k) < t_ns - window_ns)
            break;
        calibration.normalize(stream.raw(k), values);
        const PressureStats stats = pressureStats(values, kModelGrid);
        if (stats.hasCentre)
            trail.push_back({stats.centreRow, stats.centreCol});
    }
    std::reverse(trail.begin(), trail.end());
    return trail;
}

} // namespace insolepose
