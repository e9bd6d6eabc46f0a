#include "insolepose/model/LabelProposal.h"

#include "insolepose/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace insolepose::model {

std::filesystem::path probePathFor(const std::filesystem::path& modelFile)
{
    return std::filesystem::path(modelFile.string() + ".probe.pt");
}

namespace {

/// The actions the ground-truth tracks of the sessions use, in the default vocabulary's order.
std::vector<std::string> actionsOf(const std::vector<const Session*>& sessions)
{
    std::vector<const std::vector<LabelTrack>*> lists;
    for (const Session* s : sessions)
        lists.push_back(&s->labelTracks());
    return labelsInUse(lists);
}

std::size_t argmax(const std::vector<float>& p)
{
    return std::size_t(std::max_element(p.begin(), p.end()) - p.begin());
}

struct Run {
    std::size_t label = 0;
    std::size_t first = 0, last = 0; ///< Window indices, inclusive.
};

} // namespace

ProbeResult trainAndSaveProbe(const PoseModel& model, const std::vector<const Session*>& sessions,
                              const std::filesystem::path& probeFile, ProbeOptions options)
{
    WindowSource source(model.config());
    std::vector<WindowRef> windows;
    for (const auto* s : sessions) {
        const auto w = source.groundTruthWindows(source.addSession(*s));
        windows.insert(windows.end(), w.begin(), w.end());
    }
    ActionProbe probe(model, actionsOf(sessions), options);
    probe.train(source, windows);
    const ProbeResult r = probe.evaluate(source, windows);
    probe.save(probeFile, QJsonObject{{"training_windows", qint64(r.windows)}, {"training_accuracy", r.accuracy}});
    return r;
}

LabelTrack segmentPredictions(const std::vector<WindowPrediction>& predictions, const std::vector<std::string>& actions,
                              TimeNs end_ns, const ProposalOptions& options)
{
    LabelTrack track(options.trackName, actions);
    track.setSource(kModelSource);
    const std::size_t n = predictions.size();
    if (n == 0)
        return track;
    // Majority over a centred window of neighbours (ties: the higher summed probability).
    const std::size_t half = options.majorityWindows / 2;
    std::vector<std::size_t> label(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<double> votes(actions.size(), 0.0);
        for (std::size_t j = i >= half ? i - half : 0; j <= std::min(n - 1, i + half); ++j)
            votes[argmax(predictions[j].probabilities)] +=
                1.0 + 1e-3 * predictions[j].probabilities[argmax(predictions[j].probabilities)];
        label[i] = std::size_t(std::max_element(votes.begin(), votes.end()) - votes.begin());
    }
    std::vector<Run> runs;
    for (std::size_t i = 0; i < n; ++i)
        if (runs.empty() || runs.back().label != label[i])
            runs.push_back({label[i], i, i});
        else
            runs.back().last = i;
    auto duration = [&](const Run& r) {
        const TimeNs end = r.last + 1 < n ? predictions[r.last + 1].time_ns : end_ns;
        return end - predictions[r.first].time_ns;
    };
    // Short runs join their longer neighbour, shortest first, until none is left (or one run).
    while (runs.size() > 1) {
        std::size_t shortest = 0;
        for (std::size_t i = 1; i < runs.size(); ++i)
            if (duration(runs[i]) < duration(runs[shortest]))
                shortest = i;
        if (duration(runs[shortest]) >= options.minSegment_ns)
            break;
        const bool left = shortest > 0 &&
                          (shortest + 1 == runs.size() || duration(runs[shortest - 1]) >= duration(runs[shortest + 1]));
        const std::size_t into = left ? shortest - 1 : shortest + 1;
        runs[into].first = std::min(runs[into].first, runs[shortest].first);
        runs[into].last = std::max(runs[into].last, runs[shortest].last);
        runs.erase(runs.begin() + std::ptrdiff_t(shortest));
        // Neighbours of the same label merge.
        for (std::size_t i = 1; i < runs.size();)
            if (runs[i].label == runs[i - 1].label) {
                runs[i - 1].last = runs[i].last;
                runs.erase(runs.begin() + std::ptrdiff_t(i));
            } else {
                ++i;
            }
    }
    for (const auto& r : runs) {
        LabelSegment s;
        s.start_ns = predictions[r.first].time_ns;
        s.end_ns = r.last + 1 < n ? predictions[r.last + 1].time_ns : std::max(end_ns, s.start_ns + 1);
        s.label = actions[r.label];
        s.annotator = "model";
        double sum = 0;
        for (std::size_t i = r.first; i <= r.last; ++i)
            sum += predictions[i].probabilities[r.label];
        s.confidence = std::clamp(sum / double(r.last - r.first + 1), 0.0, 1.0);
        track.insert(std::move(s));
    }
    return track;
}

LabelTrack proposeLabels(const Session& session, const PoseModel& model, const ActionProbe& probe,
                         const ProposalOptions& options)
{
    WindowSource source(model.config());
    source.addSession(session);
    const TactileStream& left = session.tactile(Foot::Left);
    if (left.size() == 0)
        throw Error(session.path().string() + ": no tactile frames to propose labels from");
    std::vector<WindowRef> windows;
    for (std::size_t i = 0; i < left.size(); i += std::max<std::size_t>(1, options.stride))
        if (const auto w = source.at(0, left.timeAt(i)))
            windows.push_back(*w);
    if (windows.empty())
        throw Error(session.path().string() + ": too few tactile frames for one model window");
    const auto probabilities = probe.probabilities(source, windows);
    std::vector<WindowPrediction> predictions;
    for (std::size_t i = 0; i < windows.size(); ++i)
        predictions.push_back({windows[i].time_ns, probabilities[i]});
    const TimeNs period =
        left.size() > 1 ? (left.timeAt(left.size() - 1) - left.timeAt(0)) / TimeNs(left.size() - 1) : 0;
    return segmentPredictions(predictions, probe.actions(), windows.back().time_ns + period, options);
}

LabelTrack proposeLabels(const Session& session, const std::filesystem::path& modelFile, const ProposalOptions& options,
                         const std::filesystem::path& probeFile)
{
    const PoseModel model = PoseModel::load(modelFile);
    const std::filesystem::path probePath = probeFile.empty() ? probePathFor(modelFile) : probeFile;
    if (!std::filesystem::exists(probePath))
        throw Error(modelFile.string() + ": the model has no action probe (" + probePath.string() +
                    "); train one on labelled sessions with `insolepose propose-labels SESSION --model " +
                    modelFile.string() + " --train-probe DATA`");
    return proposeLabels(session, model, *ActionProbe::load(model, probePath), options);
}

double frameAccuracy(const LabelTrack& proposed, const LabelTrack& truth, const std::vector<TimeNs>& frames)
{
    std::size_t labelled = 0, right = 0;
    for (TimeNs t : frames) {
        const LabelSegment* want = truth.at(t);
        if (!want)
            continue;
        ++labelled;
        const LabelSegment* got = proposed.at(t);
        right += got && got->label == want->label;
    }
    return labelled ? double(right) / double(labelled) : std::numeric_limits<double>::quiet_NaN();
}

} // namespace insolepose::model
