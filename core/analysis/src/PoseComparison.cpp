#include "insolepose/analysis/PoseComparison.h"

#include "insolepose/Error.h"

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>

namespace insolepose::analysis {

namespace {

/// Sums of JointErrors; mean() turns them into MeanErrors.
struct Sums {
    double mean = 0;
    std::array<double, kKeypointCount> joint{};
    std::array<double, 3> axis{};

    void add(const JointErrors& e)
    {
        mean += e.mean_cm;
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            joint[k] += e.joint_cm[k];
        for (std::size_t a = 0; a < 3; ++a)
            axis[a] += e.axis_cm[a];
    }

    MeanErrors over(std::size_t frames) const
    {
        MeanErrors m;
        if (frames == 0) {
            m.joint_cm.fill(m.mean_cm);
            m.axis_cm.fill(m.mean_cm);
            m.region_cm.fill(m.mean_cm);
            return m;
        }
        const double n = double(frames);
        m.mean_cm = mean / n;
        std::array<std::size_t, kBodyRegionCount> regionJoints{};
        for (std::size_t k = 0; k < kKeypointCount; ++k) {
            m.joint_cm[k] = joint[k] / n;
            const auto r = std::size_t(bodyRegion(k));
            m.region_cm[r] += m.joint_cm[k];
            ++regionJoints[r];
        }
        for (std::size_t r = 0; r < kBodyRegionCount; ++r)
            m.region_cm[r] /= double(regionJoints[r]);
        for (std::size_t a = 0; a < 3; ++a)
            m.axis_cm[a] = axis[a] / n;
        return m;
    }
};

/// The frames selected so far; mean() turns them into ErrorStats.
struct Accumulator {
    std::size_t frames = 0;
    Sums raw;
    Sums aligned;

    void add(const FrameError& f)
    {
        ++frames;
        raw.add(f.raw);
        aligned.add(f.aligned);
    }
    ErrorStats mean() const { return {frames, raw.over(frames), aligned.over(frames)}; }
};

} // namespace

BodyRegion bodyRegion(std::size_t keypoint)
{
    // Keypoint order: docs/REFERENCE.md; the grouping: docs/STUDIO.md, "Comparison".
    if (keypoint == 0)
        return BodyRegion::Head;
    if (keypoint <= 2 || keypoint == 7 || keypoint == 8)
        return BodyRegion::Torso;
    if (keypoint <= 6)
        return BodyRegion::Arms;
    if (keypoint <= 12)
        return BodyRegion::Legs;
    return BodyRegion::Feet;
}

std::string_view bodyRegionName(BodyRegion region)
{
    switch (region) {
    case BodyRegion::Head: return "head";
    case BodyRegion::Torso: return "torso";
    case BodyRegion::Arms: return "arms";
    case BodyRegion::Legs: return "legs";
    case BodyRegion::Feet: return "feet";
    }
    return "?";
}

Pose procrustesAlign(const Pose& predicted, const Pose& truth)
{
    Eigen::Matrix<float, 3, Eigen::Dynamic> a(3, kKeypointCount), b(3, kKeypointCount);
    for (std::size_t k = 0; k < kKeypointCount; ++k) {
        a.col(Eigen::Index(k)) = predicted[k];
        b.col(Eigen::Index(k)) = truth[k];
    }
    const Eigen::Matrix4f t = Eigen::umeyama(a, b, true);
    Pose aligned;
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        aligned[k] = t.topLeftCorner<3, 3>() * predicted[k] + t.topRightCorner<3, 1>();
    return aligned;
}

float procrustesMpjpe(const Pose& predicted, const Pose& truth)
{
    return mpjpe(procrustesAlign(predicted, truth), truth);
}

JointErrors jointErrors(const Pose& a, const Pose& b)
{
    JointErrors e;
    double sum = 0;
    for (std::size_t k = 0; k < kKeypointCount; ++k) {
        const Eigen::Vector3f d = a[k] - b[k];
        e.joint_cm[k] = 100.0f * d.norm();
        sum += e.joint_cm[k];
        for (int i = 0; i < 3; ++i)
            e.axis_cm[std::size_t(i)] += 100.0f * std::abs(d[i]) / float(kKeypointCount);
    }
    e.mean_cm = float(sum / double(kKeypointCount));
    return e;
}

FrameError frameError(TimeNs time_ns, const Pose& normalizedPrediction, const Pose& groundTruth)
{
    const Pose truth = normalizePose(groundTruth);
    return {time_ns, jointErrors(normalizedPrediction, truth),
            jointErrors(procrustesAlign(normalizedPrediction, truth), truth)};
}

std::vector<PosePair> matchPoses(const KeypointStream& groundTruth, const KeypointStream& prediction,
                                 TimeNs tolerance_ns)
{
    std::vector<PosePair> pairs;
    for (std::size_t i = 0; i < groundTruth.size(); ++i) {
        if (!groundTruth.isValid(i))
            continue;
        const TimeNs t = groundTruth.timeAt(i);
        if (const auto predicted = poseNear(prediction, t, tolerance_ns))
            pairs.push_back({t, *predicted, groundTruth.pose(i)});
    }
    return pairs;
}

PoseComparison comparePairs(std::string model, std::span<const PosePair> pairs)
{
    PoseComparison c{std::move(model), {}};
    c.frames.reserve(pairs.size());
    for (const PosePair& p : pairs)
        c.frames.push_back(frameError(p.time_ns, p.normalizedPrediction, p.groundTruth));
    return c;
}

PoseComparison comparePoses(const KeypointStream& groundTruth, const KeypointStream& prediction, TimeNs tolerance_ns)
{
    return comparePairs(prediction.name(), matchPoses(groundTruth, prediction, tolerance_ns));
}

ErrorStats summarize(const PoseComparison& c)
{
    Accumulator acc;
    for (const FrameError& f : c.frames)
        acc.add(f);
    return acc.mean();
}

ErrorStats summarize(const PoseComparison& c, TimeNs from_ns, TimeNs to_ns)
{
    Accumulator acc;
    for (const FrameError& f : c.frames)
        if (f.time_ns >= from_ns && f.time_ns < to_ns)
            acc.add(f);
    return acc.mean();
}

std::map<std::string, ErrorStats> summarizeByCategory(const PoseComparison& c, std::span<const std::string> categories)
{
    if (categories.size() != c.frames.size())
        throw Error("comparison of " + c.model + ": " + std::to_string(categories.size()) + " categories given for " +
                    std::to_string(c.frames.size()) + " compared frames");
    std::map<std::string, Accumulator> acc;
    for (std::size_t i = 0; i < c.frames.size(); ++i)
        if (!categories[i].empty())
            acc[categories[i]].add(c.frames[i]);
    std::map<std::string, ErrorStats> out;
    for (const auto& [name, a] : acc)
        out.emplace(name, a.mean());
    return out;
}

std::vector<std::string> labelsPerFrame(const PoseComparison& c, const LabelTrack& track)
{
    std::vector<std::string> labels;
    labels.reserve(c.frames.size());
    for (const FrameError& f : c.frames) {
        const LabelSegment* seg = track.at(f.time_ns);
        labels.push_back(seg ? seg->label : std::string("unlabelled"));
    }
    return labels;
}

std::map<std::string, ErrorStats> summarizeByLabel(const PoseComparison& c, const LabelTrack& track)
{
    return summarizeByCategory(c, labelsPerFrame(c, track));
}

std::vector<std::size_t> worstFrames(const PoseComparison& c, std::size_t n, TimeNs from_ns, TimeNs to_ns)
{
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < c.frames.size(); ++i)
        if (c.frames[i].time_ns >= from_ns && c.frames[i].time_ns < to_ns)
            order.push_back(i);
    const auto worse = [&](std::size_t a, std::size_t b) { return c.frames[a].raw.mean_cm > c.frames[b].raw.mean_cm; };
    const std::size_t keep = std::min(n, order.size());
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(keep), order.end(),
                      [&](std::size_t a, std::size_t b) { return worse(a, b) || (!worse(b, a) && a < b); });
    order.resize(keep);
    return order;
}

TimeCurve distanceBetween(std::span<const PosePair> a, std::span<const PosePair> b)
{
    TimeCurve curve;
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i].time_ns < b[j].time_ns) {
            ++i;
        } else if (b[j].time_ns < a[i].time_ns) {
            ++j;
        } else {
            curve.times_ns.push_back(a[i].time_ns);
            curve.values.push_back(100.0f * mpjpe(a[i].normalizedPrediction, b[j].normalizedPrediction));
            ++i;
            ++j;
        }
    }
    return curve;
}

TimeCurve predictionDistance(const KeypointStream& groundTruth, const KeypointStream& a, const KeypointStream& b,
                             TimeNs tolerance_ns)
{
    return distanceBetween(matchPoses(groundTruth, a, tolerance_ns), matchPoses(groundTruth, b, tolerance_ns));
}

} // namespace insolepose::analysis
