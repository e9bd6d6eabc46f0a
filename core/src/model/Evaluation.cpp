#include "insolepose/Error.h"
#include "insolepose/model/Training.h"

#include <Eigen/Geometry>

#include <QJsonArray>

#include <algorithm>

namespace insolepose::model {
namespace {

/// Appends the windows of all[a*n, b*n) whose tactile frames all come after `usedUpTo` (per foot),
/// then moves `usedUpTo` past the frames they use: no frame ever serves two blocks.
void addBlock(const ModelConfig& c, const std::vector<WindowRef>& all, double a, double b,
              std::array<std::int64_t, 2>& usedUpTo, std::vector<WindowRef>& out)
{
    const auto n = double(all.size());
    std::array<std::int64_t, 2> last = usedUpTo;
    for (auto i = std::size_t(a * n); i < std::size_t(b * n) && i < all.size(); ++i) {
        const WindowRef& w = all[i];
        bool overlaps = false;
        for (std::size_t f = 0; f < 2; ++f)
            overlaps |= std::int64_t(w.labelFrame[f]) - c.labelIndex() <= usedUpTo[f];
        if (overlaps)
            continue;
        out.push_back(w);
        for (std::size_t f = 0; f < 2; ++f)
            last[f] = std::max(last[f], std::int64_t(w.labelFrame[f]) + c.window - 1 - c.labelIndex());
    }
    usedUpTo = last;
}

} // namespace

Split splitByTimeBlocks(const WindowSource& source, double train, double validation)
{
    Split s;
    for (std::size_t i = 0; i < source.sessionCount(); ++i) {
        const auto all = source.groundTruthWindows(i);
        std::array<std::int64_t, 2> used{-1, -1};
        addBlock(source.config(), all, 0.0, train, used, s.train);
        addBlock(source.config(), all, train, train + validation, used, s.validation);
        addBlock(source.config(), all, train + validation, 1.0, used, s.test);
    }
    return s;
}

Split splitHoldingOut(const WindowSource& source, const std::function<bool(const Session&)>& heldOut)
{
    Split s;
    for (std::size_t i = 0; i < source.sessionCount(); ++i) {
        const auto all = source.groundTruthWindows(i);
        if (heldOut(source.session(i))) {
            s.test.insert(s.test.end(), all.begin(), all.end());
        } else {
            std::array<std::int64_t, 2> used{-1, -1};
            addBlock(source.config(), all, 0.0, 0.8, used, s.train);
            addBlock(source.config(), all, 0.8, 1.0, used, s.validation);
        }
    }
    return s;
}

float procrustesMpjpe(const Pose& predicted, const Pose& truth)
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
    return mpjpe(aligned, truth);
}

Evaluation evaluate(const PoseModel& model, const WindowSource& source, const std::vector<WindowRef>& windows,
                    int downsample)
{
    Evaluation e;
    if (windows.empty())
        return e;
    const std::size_t per = source.windowValues();
    const std::size_t batch = 32;
    std::vector<float> inputs;
    std::array<double, 4> partSum{};
    std::array<std::size_t, 4> partCount{};
    double paSum = 0;
    for (std::size_t start = 0; start < windows.size(); start += batch) {
        const std::size_t n = std::min(batch, windows.size() - start);
        inputs.resize(n * per);
        for (std::size_t i = 0; i < n; ++i)
            source.fill(windows[start + i], std::span<float>(inputs).subspan(i * per, per), downsample);
        const ModelOutput out = model.predict(inputs, n, true);
        for (std::size_t i = 0; i < n; ++i) {
            const WindowRef& w = windows[start + i];
            const Pose truth = source.target(w);
            const Pose& pred = out.keypoints[i];
            double sum = 0;
            for (std::size_t k = 0; k < kKeypointCount; ++k) {
                const double err = double((pred[k] - truth[k]).norm()) * 100.0;
                e.perKeypoint_cm[k] += err;
                sum += err;
                for (int a = 0; a < 3; ++a)
                    e.perAxis_cm[std::size_t(a)] += std::abs(double(pred[k][a] - truth[k][a])) * 100.0;
                const auto part = static_cast<std::size_t>(bodyPart(Keypoint(k)));
                partSum[part] += err;
                ++partCount[part];
            }
            const double frameError = sum / double(kKeypointCount);
            e.mpjpe_cm += frameError;
            paSum += double(procrustesMpjpe(pred, truth)) * 100.0;
            std::string action = "unlabelled";
            for (const auto& track : source.session(w.session).labelTracks())
                if (const auto* seg = track.at(w.time_ns))
                    action = seg->label;
            e.perAction_cm[action] += frameError;
            ++e.perActionCount[action];
        }
    }
    e.windows = windows.size();
    const double n = double(e.windows);
    e.mpjpe_cm /= n;
    e.paMpjpe_cm = paSum / n;
    for (auto& v : e.perKeypoint_cm)
        v /= n;
    for (auto& v : e.perAxis_cm)
        v /= n * double(kKeypointCount);
    for (std::size_t p = 0; p < 4; ++p)
        if (partCount[p])
            e.perBodyPart_cm[std::string(bodyPartName(BodyPart(p)))] = partSum[p] / double(partCount[p]);
    for (auto& [action, sum] : e.perAction_cm)
        sum /= double(e.perActionCount[action]);
    return e;
}

QJsonObject Evaluation::toJson() const
{
    QJsonObject kp, parts, actions;
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        kp[QString::fromUtf8(keypointName(k).data())] = perKeypoint_cm[k];
    for (const auto& [name, v] : perBodyPart_cm)
        parts[QString::fromStdString(name)] = v;
    for (const auto& [name, v] : perAction_cm)
        actions[QString::fromStdString(name)] = QJsonObject{{"mpjpe_cm", v}, {"windows", qint64(perActionCount.at(name))}};
    return QJsonObject{{"windows", qint64(windows)},
                       {"mpjpe_cm", mpjpe_cm},
                       {"pa_mpjpe_cm", paMpjpe_cm},
                       {"per_axis_cm", QJsonObject{{"x", perAxis_cm[0]}, {"y", perAxis_cm[1]}, {"z", perAxis_cm[2]}}},
                       {"per_keypoint_cm", kp},
                       {"per_body_part_cm", parts},
                       {"per_action", actions}};
}

} // namespace insolepose::model
