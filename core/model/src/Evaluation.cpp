#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/analysis/Gait.h"
#include "insolepose/analysis/PoseComparison.h"
#include "insolepose/media/Charts.h"
#include "insolepose/model/ActionProbe.h"
#include "insolepose/model/Training.h"

#include <QJsonArray>

#include <algorithm>
#include <fstream>

namespace insolepose::model {
namespace {

/// Appends the windows of all[a*n, b*n) whose tactile frames all come after `usedUpTo` (per foot),
/// then moves `usedUpTo` past the frames they use: no frame ever serves two blocks.
void addBlock(const ModelConfig& c, const std::vector<WindowRef>& all, double a, double b,
              FootPair<std::int64_t>& usedUpTo, std::vector<WindowRef>& out)
{
    const auto n = double(all.size());
    FootPair<std::int64_t> last = usedUpTo;
    for (auto i = std::size_t(a * n); i < std::size_t(b * n) && i < all.size(); ++i) {
        const WindowRef& w = all[i];
        bool overlaps = false;
        for (Foot f : kFeet)
            overlaps |= std::int64_t(w.labelFrame[f]) - c.labelIndex() <= usedUpTo[f];
        if (overlaps)
            continue;
        out.push_back(w);
        for (Foot f : kFeet)
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
        FootPair<std::int64_t> used{-1, -1};
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
            FootPair<std::int64_t> used{-1, -1};
            addBlock(source.config(), all, 0.0, 0.8, used, s.train);
            addBlock(source.config(), all, 0.8, 1.0, used, s.validation);
        }
    }
    return s;
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
    std::vector<std::vector<analysis::Contact>> contacts; // per session: gait phases (docs/GAIT.md)
    for (std::size_t s = 0; s < source.sessionCount(); ++s)
        contacts.push_back(analysis::analyzeGait(source.session(s)).contacts);
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
            paSum += double(analysis::procrustesMpjpe(pred, truth)) * 100.0;
            std::string action = source.action(w);
            if (action.empty())
                action = "unlabelled";
            e.perAction_cm[action] += frameError;
            ++e.perActionCount[action];
            if (const std::string phase = analysis::phaseCategory(contacts[w.session], w.time_ns); !phase.empty()) {
                e.perGaitPhase_cm[phase] += frameError;
                ++e.perGaitPhaseCount[phase];
            }
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
    for (auto& [phase, sum] : e.perGaitPhase_cm)
        sum /= double(e.perGaitPhaseCount[phase]);
    return e;
}

QJsonObject Evaluation::toJson() const
{
    QJsonObject kp, parts, actions, phases;
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        kp[QString::fromUtf8(keypointName(k).data())] = perKeypoint_cm[k];
    for (const auto& [name, v] : perBodyPart_cm)
        parts[QString::fromStdString(name)] = v;
    for (const auto& [name, v] : perAction_cm)
        actions[QString::fromStdString(name)] =
            QJsonObject{{"mpjpe_cm", v}, {"windows", qint64(perActionCount.at(name))}};
    for (const auto& [name, v] : perGaitPhase_cm)
        phases[QString::fromStdString(name)] =
            QJsonObject{{"mpjpe_cm", v}, {"windows", qint64(perGaitPhaseCount.at(name))}};
    return QJsonObject{{"windows", qint64(windows)},
                       {"mpjpe_cm", mpjpe_cm},
                       {"pa_mpjpe_cm", paMpjpe_cm},
                       {"per_axis_cm", QJsonObject{{"x", perAxis_cm[0]}, {"y", perAxis_cm[1]}, {"z", perAxis_cm[2]}}},
                       {"per_keypoint_cm", kp},
                       {"per_body_part_cm", parts},
                       {"per_action", actions},
                       {"per_gait_phase", phases}};
}

namespace {

std::ofstream openCsv(const std::filesystem::path& file)
{
    std::ofstream out(file);
    if (!out)
        throw IoError("cannot write " + file.string());
    return out;
}

} // namespace

SessionPredictions predictSession(const PoseModel& model, const Session& session,
                                  const std::function<bool(std::size_t, std::size_t)>& progress)
{
    WindowSource source(model.config());
    source.addSession(session);
    std::vector<WindowRef> windows;
    const auto& lead = session.tactile(Foot::Left);
    for (std::size_t i = 0; i < lead.size(); ++i)
        if (auto w = source.at(0, lead.timeAt(i)))
            windows.push_back(*w);
    SessionPredictions out;
    out.times.reserve(windows.size());
    out.poses.reserve(windows.size());
    const std::size_t per = source.windowValues();
    std::vector<float> buf;
    for (std::size_t start = 0; start < windows.size(); start += 32) {
        const std::size_t n = std::min<std::size_t>(32, windows.size() - start);
        buf.resize(n * per);
        for (std::size_t i = 0; i < n; ++i)
            source.fill(windows[start + i], std::span<float>(buf).subspan(i * per, per));
        const ModelOutput o = model.predict(buf, n);
        for (std::size_t i = 0; i < n; ++i) {
            out.times.push_back(windows[start + i].time_ns);
            out.poses.push_back(o.keypoints[i]);
        }
        if (progress && !progress(start + n, windows.size()))
            return {};
    }
    return out;
}

void writeEvaluationReport(const std::filesystem::path& dir, const Evaluation& e, const std::string& title)
{
    {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec)
            throw IoError(dir.string() + ": cannot create folder: " + ec.message());
    }
    writeJsonAtomically(dir / "evaluation.json", e.toJson());
    std::vector<std::string> names;
    std::vector<double> values;
    {
        auto csv = openCsv(dir / "per_keypoint.csv");
        csv << "keypoint,body_part,mpjpe_cm\n";
        for (std::size_t k = 0; k < kKeypointCount; ++k) {
            csv << keypointName(k) << "," << bodyPartName(bodyPart(Keypoint(k))) << "," << e.perKeypoint_cm[k] << "\n";
            names.emplace_back(keypointName(k));
            values.push_back(e.perKeypoint_cm[k]);
        }
    }
    writeBarChartPng(dir / "per_keypoint.png", title + ": MPJPE per keypoint", names, {{"MPJPE", values}}, "cm");
    {
        auto csv = openCsv(dir / "per_axis.csv");
        csv << "axis,mean_abs_error_cm\n";
        const char* axes[] = {"x", "y", "z"};
        for (int a = 0; a < 3; ++a)
            csv << axes[a] << "," << e.perAxis_cm[std::size_t(a)] << "\n";
    }
    writeBarChartPng(dir / "per_axis.png", title + ": mean absolute error per axis", {"x", "y", "z"},
                     {{"error", {e.perAxis_cm[0], e.perAxis_cm[1], e.perAxis_cm[2]}}}, "cm");
    names.clear();
    values.clear();
    {
        auto csv = openCsv(dir / "per_body_part.csv");
        csv << "body_part,mpjpe_cm\n";
        for (std::size_t p = 0; p < 4; ++p) {
            const std::string part(bodyPartName(BodyPart(p)));
            if (!e.perBodyPart_cm.count(part))
                continue;
            csv << part << "," << e.perBodyPart_cm.at(part) << "\n";
            names.push_back(part);
            values.push_back(e.perBodyPart_cm.at(part));
        }
    }
    if (!names.empty())
        writeBarChartPng(dir / "per_body_part.png", title + ": MPJPE per body part", names, {{"MPJPE", values}}, "cm");
    names.clear();
    values.clear();
    {
        auto csv = openCsv(dir / "per_action.csv");
        csv << "action,windows,mpjpe_cm\n";
        for (const auto& [action, v] : e.perAction_cm) {
            csv << action << "," << e.perActionCount.at(action) << "," << v << "\n";
            names.push_back(action);
            values.push_back(v);
        }
    }
    if (!names.empty())
        writeBarChartPng(dir / "per_action.png", title + ": MPJPE per action", names, {{"MPJPE", values}}, "cm");
}

void writeProbeReport(const std::filesystem::path& dir, const ProbeResult& r)
{
    {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec)
            throw IoError(dir.string() + ": cannot create folder: " + ec.message());
    }
    writeJsonAtomically(dir / "probe.json", r.toJson());
    std::vector<double> percent;
    {
        auto csv = openCsv(dir / "per_action.csv");
        csv << "action,windows,accuracy_percent\n";
        for (std::size_t a = 0; a < r.actions.size(); ++a) {
            std::size_t total = 0;
            for (std::size_t v : r.confusion[a])
                total += v;
            csv << r.actions[a] << "," << total << "," << 100.0 * r.perActionAccuracy[a] << "\n";
            percent.push_back(100.0 * r.perActionAccuracy[a]);
        }
        csv << "mean,," << 100.0 * r.meanAccuracy << "\n";
    }
    std::vector<std::vector<double>> matrix;
    {
        auto csv = openCsv(dir / "confusion.csv");
        csv << "true\\predicted";
        for (const auto& a : r.actions)
            csv << "," << a;
        csv << "\n";
        for (std::size_t a = 0; a < r.actions.size(); ++a) {
            csv << r.actions[a];
            matrix.emplace_back();
            for (std::size_t v : r.confusion[a]) {
                csv << "," << v;
                matrix.back().push_back(double(v));
            }
            csv << "\n";
        }
    }
    writeBarChartPng(dir / "per_action.png", "Action probe: accuracy per action", r.actions, {{"accuracy", percent}},
                     "%");
    writeMatrixPng(dir / "confusion.png", "Action probe: confusion matrix (windows)", r.actions, matrix, "true action",
                   "predicted action");
}

} // namespace insolepose::model
