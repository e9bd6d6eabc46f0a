#include "insolepose/interchange/StreamSync.h"

#include "SyncSignals.h"
#include "insolepose/SessionWriter.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace insolepose::interchange {

namespace detail {

Signal footPressure(const Session& s, Foot foot, PressureFeature feature, const Grid& grid)
{
    const TactileStream& st = s.tactile(foot);
    const Calibration& cal = s.metadata().insoles[foot].calibration;
    std::vector<double> v(st.size());
    std::vector<float> norm(std::size_t(kModelGrid.cellCount()));
    for (std::size_t i = 0; i < st.size(); ++i) {
        cal.normalize(st.raw(i), norm);
        const PressureStats p = pressureStats(norm, kModelGrid);
        v[i] = feature == PressureFeature::Load ? p.load : p.hasCentre ? p.centreRow : kNaN;
    }
    return resample(
        st.size(), [&](std::size_t i) { return st.timeAt(i); }, [&](std::size_t i) { return v[i]; }, grid);
}

double correlationAt(const Signal& p, const Signal& g, long lag, std::size_t minSamples)
{
    double n = 0, sp = 0, sg = 0, spp = 0, sgg = 0, spg = 0;
    for (long k = std::max(0L, lag); k < long(p.size()) && k - lag < long(g.size()); ++k) {
        const double a = p[std::size_t(k)], b = g[std::size_t(k - lag)];
        if (std::isnan(a) || std::isnan(b))
            continue;
        n += 1;
        sp += a;
        sg += b;
        spp += a * a;
        sgg += b * b;
        spg += a * b;
    }
    if (n < double(std::max<std::size_t>(minSamples, 10)))
        return kNaN;
    const double vp = spp - sp * sp / n, vg = sgg - sg * sg / n;
    if (vp <= 1e-12 * n || vg <= 1e-12 * n)
        return kNaN;
    return (spg - sp * sg / n) / std::sqrt(vp * vg);
}

Grid gridFor(const Session& s, TimeNs first, TimeNs last, const SyncOptions& o)
{
    TimeNs lo = first - secondsToNs(o.maxLag_s), hi = last + secondsToNs(o.maxLag_s);
    for (Foot f : kFeet) {
        lo = std::min(lo, s.tactile(f).timeAt(0));
        hi = std::max(hi, s.tactile(f).timeAt(s.tactile(f).size() - 1));
    }
    return Grid{lo, o.step_s, std::size_t(nsToSeconds(hi - lo) / o.step_s) + 1};
}

void findPeak(const SignalPairs& pairs, LagRange lags, double step_s, double minCorrelation, const std::string& what,
              SyncEstimate& e, std::size_t minOverlap)
{
    std::vector<double> total(std::size_t(lags.hi - lags.lo + 1), 0.0);
    int used = 0;
    for (const auto& [p, g] : pairs) {
        std::vector<double> c(total.size());
        bool usable = false; // somewhere the pair overlaps and both vary
        for (long lag = lags.lo; lag <= lags.hi; ++lag) {
            double& r = c[std::size_t(lag - lags.lo)];
            r = correlationAt(p, g, lag, minOverlap);
            usable = usable || !std::isnan(r);
            r = std::isnan(r) ? 0.0 : r;
        }
        if (!usable)
            continue;
        ++used;
        for (std::size_t i = 0; i < total.size(); ++i)
            total[i] += c[i] * c[i];
    }
    if (used == 0) {
        e.note = "nothing moved or no load changed within the overlap";
        return;
    }
    const std::size_t best = std::size_t(std::max_element(total.begin(), total.end()) - total.begin());
    const bool inside = best > 0 && best + 1 < total.size(); // a peak at the edge of the search is no peak
    double refine = 0;
    if (inside) {
        const double a = total[best - 1], b = total[best], c = total[best + 1];
        const double d = a - 2 * b + c;
        refine = d < 0 ? 0.5 * (a - c) / d : 0.0;
    }
    e.offset_s = (double(long(best) + lags.lo) + refine) * step_s;
    e.correlation = std::sqrt(total[best] / used); // root mean square of the pairs' correlations
    e.found = inside && e.correlation >= minCorrelation;
    e.note = !inside    ? "best match at the edge of the search window"
             : !e.found ? "no clear match (correlation " + std::to_string(e.correlation) +
                              "): the pressure does not follow this stream here (e.g. only the arms move)"
                        : std::to_string(used) + " of " + std::to_string(pairs.size()) + " signal pairs (" + what + ")";
}

bool hasPressure(const Session& s, SyncEstimate& e)
{
    if (s.tactile(Foot::Left).size() >= 2 && s.tactile(Foot::Right).size() >= 2)
        return true;
    e.note = "needs both tactile streams";
    return false;
}

} // namespace detail

using namespace detail;

namespace {

/// Below this RMS correlation the estimate is reported as not found (docs/IMPORT.md).
constexpr double kMinCorrelation = 0.3;

/// Minus the lowest of the foot's heel, big toe and small toe heights (high when the foot is down).
Signal footLowness(const Session& s, Foot foot, const Grid& grid)
{
    const KeypointStream& gt = s.groundTruth();
    const int first = foot == Foot::Left ? int(Keypoint::LeftBigToe) : int(Keypoint::RightBigToe);
    std::vector<double> v(gt.size(), kNaN);
    for (std::size_t i = 0; i < gt.size(); ++i) {
        const Pose p = gt.pose(i);
        double z = std::numeric_limits<double>::infinity();
        for (int k = first; k < first + 3; ++k)
            if (std::isfinite(p[std::size_t(k)].z()))
                z = std::min(z, double(p[std::size_t(k)].z()));
        v[i] = std::isfinite(z) ? -z : kNaN;
    }
    return resample(
        gt.size(), [&](std::size_t i) { return gt.timeAt(i); }, [&](std::size_t i) { return v[i]; }, grid);
}

/// The height of the pelvis (hip midpoint): squats and lunges move the load between heel and toes.
Signal pelvisHeight(const Session& s, const Grid& grid)
{
    const KeypointStream& gt = s.groundTruth();
    std::vector<double> z(gt.size());
    for (std::size_t i = 0; i < gt.size(); ++i)
        z[i] = double(pelvis(gt.pose(i)).z());
    return resample(
        gt.size(), [&](std::size_t i) { return gt.timeAt(i); }, [&](std::size_t i) { return z[i]; }, grid);
}

enum class Feet { Both, Left, Right };

/// The ground truth's offset against the pressure of `feet`.
SyncEstimate groundTruthAgainst(const Session& s, Feet feet, const SyncOptions& o)
{
    SyncEstimate e;
    e.stream = "keypoints_gt";
    const KeypointStream& gt = s.groundTruth();
    if (!hasPressure(s, e))
        return e;
    if (gt.size() < 2) {
        e.note = "no ground truth";
        return e;
    }
    const Grid grid = gridFor(s, gt.timeAt(0), gt.timeAt(gt.size() - 1), o);
    SignalPairs pairs;
    const Signal height = pelvisHeight(s, grid);
    for (Foot f : kFeet) {
        if ((feet == Feet::Left && f != Foot::Left) || (feet == Feet::Right && f != Foot::Right))
            continue;
        pairs.emplace_back(footPressure(s, f, PressureFeature::Load, grid), footLowness(s, f, grid));
        pairs.emplace_back(footPressure(s, f, PressureFeature::CentreRow, grid), height);
    }
    const long maxLag = long(std::lround(o.maxLag_s / o.step_s));
    findPeak(pairs, {-maxLag, maxLag}, o.step_s, kMinCorrelation,
             "each foot's load vs its height, centre of pressure vs pelvis height", e);
    return e;
}

} // namespace

SyncEstimate estimateGroundTruthOffset(const Session& s, const SyncOptions& o)
{
    return groundTruthAgainst(s, Feet::Both, o);
}

SyncEstimate estimateRightInsoleOffset(const Session& s, const SyncOptions& o)
{
    SyncEstimate e;
    e.stream = "tactile_right";
    if (s.groundTruth().size() >= 2) {
        // Each foot against the same ground truth: their difference is the right insole's offset.
        const SyncEstimate left = groundTruthAgainst(s, Feet::Left, o);
        const SyncEstimate right = groundTruthAgainst(s, Feet::Right, o);
        e.found = left.found && right.found;
        e.offset_s = left.offset_s - right.offset_s;
        e.correlation = std::min(left.correlation, right.correlation);
        e.note = e.found ? "each foot's load against the same ground truth"
                         : "ground truth: left foot: " + left.note + "; right foot: " + right.note;
        if (e.found)
            return e;
    }
    SyncEstimate fromGesture = estimateRightInsoleFromGesture(s, o);
    if (!fromGesture.found && !e.note.empty())
        fromGesture.note = e.note + "; " + fromGesture.note;
    return fromGesture;
}

std::vector<SyncEstimate> estimateOtherOffsets(const Session& s, const SyncOptions& o)
{
    std::vector<SyncEstimate> out = {estimateGroundTruthOffset(s, o)};
    for (const CameraStream& c : s.cameras())
        out.push_back(estimateCameraOffset(s, c.name, o));
    return out;
}

std::vector<SyncEstimate> estimateOffsets(Session& s, const SyncOptions& o)
{
    const SyncEstimate right = estimateRightInsoleOffset(s, o);
    // The other streams are matched against both feet: with the right insole in place meanwhile.
    const TimeNs stored = s.metadata().syncOffset(right.stream);
    if (right.found)
        s.setSyncOffset(right.stream, stored + secondsToNs(right.offset_s));
    std::vector<SyncEstimate> out = estimateOtherOffsets(s, o);
    if (right.found)
        s.setSyncOffset(right.stream, stored);
    out.insert(out.begin(), right);
    return out;
}

void applyOffsets(const std::filesystem::path& dir, const Session& s, const std::vector<SyncEstimate>& estimates)
{
    SessionMetadata meta = s.metadata();
    for (const SyncEstimate& e : estimates) {
        if (!e.found)
            continue;
        const TimeNs value = meta.syncOffset(e.stream) + secondsToNs(e.offset_s);
        bool replaced = false;
        for (auto& [name, offset] : meta.syncOffsets_ns)
            if (name == e.stream) {
                offset = value;
                replaced = true;
            }
        if (!replaced)
            meta.syncOffsets_ns.emplace_back(e.stream, value);
    }
    writeMetadata(dir, meta);
}

} // namespace insolepose::interchange
