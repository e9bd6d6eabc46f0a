#include "insolepose/analysis/PressureMaps.h"

#include <algorithm>
#include <cmath>

namespace insolepose::analysis {

namespace {

/// Calls fn(i, normalised frame) for every frame of `stream` in [from, to).
template <typename F>
void forEachFrame(const TactileStream& stream, const Calibration& calibration, TimeNs from, TimeNs to, F fn)
{
    const auto [a, b] = stream.samples().range(from, to);
    std::vector<float> frame(std::size_t(kModelGrid.cellCount()));
    for (std::size_t i = a; i < b; ++i) {
        calibration.normalize(stream.raw(i), frame);
        for (float& v : frame)
            if (!std::isfinite(v))
                v = 0.0f;
        fn(i, frame);
    }
}

double insoleLength_cm(InsoleSize size) { return size == InsoleSize::Small ? 24.0 : 27.0; } // docs/REFERENCE.md

} // namespace

std::string_view footZoneName(FootZone zone)
{
    switch (zone) {
    case FootZone::Heel: return "heel";
    case FootZone::Midfoot: return "midfoot";
    case FootZone::Forefoot: return "forefoot";
    case FootZone::Toes: return "toes";
    }
    return "?";
}

RegionMask defaultRegionMask(InsoleSize size, Foot foot, const RegionBounds& b)
{
    const GridSize g = sourceGrid(size);
    const auto n = std::size_t(kModelGrid.cellCount());
    RegionMask m{std::vector<std::int8_t>(n, -1), std::vector<std::int8_t>(n, -1)};
    for (int r = 0; r < g.rows; ++r)
        for (int c = 0; c < g.cols; ++c) {
            const double v = (r + 0.5) / g.rows;
            const FootZone z = v < b.toesEnd       ? FootZone::Toes
                               : v < b.forefootEnd ? FootZone::Forefoot
                               : v < b.midfootEnd  ? FootZone::Midfoot
                                                   : FootZone::Heel;
            const bool leftHalf = 2 * c + 1 < g.cols;
            // The big toe (medial side) is on the left half of a right insole.
            const bool medial = foot == Foot::Right ? leftHalf : !leftHalf;
            const auto i = std::size_t(r * kModelGrid.cols + c);
            m.zone[i] = std::int8_t(z);
            m.lateral[i] = medial ? 0 : 1;
        }
    return m;
}

RegionCurves regionCurves(const TactileStream& stream, const Calibration& calibration, const RegionMask& mask,
                          TimeNs from, TimeNs to)
{
    RegionCurves out;
    forEachFrame(stream, calibration, from, to, [&](std::size_t i, const std::vector<float>& frame) {
        std::array<float, kFootZoneCount> zones{};
        std::array<float, 2> sides{};
        for (std::size_t k = 0; k < frame.size(); ++k) {
            if (mask.zone[k] < 0)
                continue;
            zones[std::size_t(mask.zone[k])] += frame[k];
            sides[std::size_t(mask.lateral[k])] += frame[k];
        }
        out.times_ns.push_back(stream.timeAt(i));
        for (std::size_t z = 0; z < zones.size(); ++z)
            out.zones[z].push_back(zones[z]);
        for (std::size_t s = 0; s < 2; ++s)
            out.sides[s].push_back(sides[s]);
    });
    return out;
}

PressureMaps pressureMaps(const TactileStream& stream, const Calibration& calibration, TimeNs from, TimeNs to)
{
    PressureMaps m;
    const auto n = std::size_t(kModelGrid.cellCount());
    m.peak.assign(n, 0.0f);
    std::vector<double> sum(n, 0.0);
    forEachFrame(stream, calibration, from, to, [&](std::size_t, const std::vector<float>& frame) {
        for (std::size_t k = 0; k < n; ++k) {
            m.peak[k] = std::max(m.peak[k], frame[k]);
            sum[k] += frame[k];
        }
        ++m.frames;
    });
    m.mean.assign(n, 0.0f);
    for (std::size_t k = 0; k < n && m.frames; ++k)
        m.mean[k] = float(sum[k] / double(m.frames));
    return m;
}

std::vector<CentreOfPressure> copPath(const TactileStream& stream, const Calibration& calibration, TimeNs from,
                                      TimeNs to)
{
    std::vector<CentreOfPressure> path;
    forEachFrame(stream, calibration, from, to, [&](std::size_t, const std::vector<float>& frame) {
        const PressureStats s = pressureStats(frame, kModelGrid);
        if (s.hasCentre)
            path.push_back({s.centreRow, s.centreCol});
    });
    return path;
}

PlanePoint planePoint(InsoleSize size, Foot foot, const CentreOfPressure& cop, double separation_cm)
{
    const GridSize g = sourceGrid(size);
    const double length = insoleLength_cm(size);
    const double width = 0.38 * length;
    const double x = (cop.col / g.cols - 0.5) * width + (foot == Foot::Left ? -0.5 : 0.5) * separation_cm;
    return {x, (1.0 - cop.row / g.rows) * length};
}

std::vector<PlanePoint> butterfly(const Session& session, TimeNs from, TimeNs to)
{
    const TactileStream& left = session.tactile(Foot::Left);
    const TactileStream& right = session.tactile(Foot::Right);
    const auto& insoles = session.metadata().insoles;
    std::vector<PlanePoint> out;
    std::vector<float> other(std::size_t(kModelGrid.cellCount()));
    forEachFrame(left, insoles[Foot::Left].calibration, from, to, [&](std::size_t i, const std::vector<float>& frame) {
        const PressureStats l = pressureStats(frame, kModelGrid);
        PressureStats r;
        if (const auto j = right.latestAt(left.timeAt(i))) {
            insoles[Foot::Right].calibration.normalize(right.raw(*j), other);
            r = pressureStats(other, kModelGrid);
        }
        const double total = (l.hasCentre ? l.load : 0.0) + (r.hasCentre ? r.load : 0.0);
        if (!(total > 0))
            return;
        PlanePoint p;
        for (const auto& [foot, s] : {std::pair{Foot::Left, l}, std::pair{Foot::Right, r}}) {
            if (!s.hasCentre)
                continue;
            const PlanePoint q = planePoint(insoles[foot].size, foot, {s.centreRow, s.centreCol});
            p.x_cm += q.x_cm * s.load / total;
            p.y_cm += q.y_cm * s.load / total;
        }
        out.push_back(p);
    });
    return out;
}

std::vector<StanceCurve> stanceCurves(const GaitAnalysis& gait, int points)
{
    std::vector<StanceCurve> out;
    for (const GaitStep& s : gait.steps) {
        const TimeCurve& c = gait.load[s.foot];
        if (!s.complete || c.times_ns.size() < 2 || points < 2)
            continue;
        StanceCurve sc{s.foot, s.label, std::vector<float>(std::size_t(points))};
        for (int k = 0; k < points; ++k) {
            const TimeNs t = secondsToNs(s.heelStrike_s + s.stance_s * k / (points - 1));
            auto it = std::lower_bound(c.times_ns.begin(), c.times_ns.end(), t);
            if (it == c.times_ns.begin())
                ++it;
            if (it == c.times_ns.end())
                --it;
            const auto j = std::size_t(it - c.times_ns.begin());
            const double span = double(c.times_ns[j] - c.times_ns[j - 1]);
            const double w = span > 0 ? std::clamp(double(t - c.times_ns[j - 1]) / span, 0.0, 1.0) : 1.0;
            sc.load[std::size_t(k)] = float((1 - w) * c.values[j - 1] + w * c.values[j]);
        }
        out.push_back(std::move(sc));
    }
    return out;
}

std::vector<float> meanStanceCurve(const std::vector<StanceCurve>& curves, Foot foot)
{
    std::vector<double> sum;
    int n = 0;
    for (const StanceCurve& c : curves) {
        if (c.foot != foot)
            continue;
        sum.resize(c.load.size(), 0.0);
        for (std::size_t k = 0; k < c.load.size() && k < sum.size(); ++k)
            sum[k] += c.load[k];
        ++n;
    }
    std::vector<float> mean(sum.size());
    for (std::size_t k = 0; k < sum.size(); ++k)
        mean[k] = float(sum[k] / n);
    return mean;
}

} // namespace insolepose::analysis
