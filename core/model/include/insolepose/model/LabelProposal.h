#pragma once
// Model-proposed action labels (docs/LABELS.md, "Model-proposed labels"): the model's action probe
// (ActionProbe: a linear layer on the frozen encoders, saved beside the model as
// MODEL.probe.pt) classifies windows across a session; the per-window predictions are smoothed
// (majority over neighbouring windows, short runs merged into a neighbour) and become a label
// track with source "model" and a per-segment confidence (the mean probability of its label).
// Such a track is never ground truth. Errors: Error naming the model, probe or session.
#include "insolepose/Labels.h"
#include "insolepose/Session.h"
#include "insolepose/model/ActionProbe.h"

#include <filesystem>
#include <string>
#include <vector>

namespace insolepose::model {

struct ProposalOptions {
    std::string trackName = "model-proposed";
    std::size_t stride = 1; ///< Classify a window at every stride-th tactile frame.
    std::size_t majorityWindows = 7; ///< Odd; the label of a window is the majority over this many.
    TimeNs minSegment_ns = 2'000'000'000; ///< Shorter runs join their longer neighbour.
};

/// Where a model's action probe lives: MODEL.probe.pt (and MODEL.probe.pt.json).
std::filesystem::path probePathFor(const std::filesystem::path& modelFile);

/// Trains the action probe of `model` on the labelled windows of `sessions` (ground-truth tracks
/// only) and saves it to `probeFile`. Returns its accuracy on those windows.
ProbeResult trainAndSaveProbe(const PoseModel& model, const std::vector<const Session*>& sessions,
                              const std::filesystem::path& probeFile, ProbeOptions options = {});

/// One window's prediction, before smoothing.
struct WindowPrediction {
    TimeNs time_ns = 0;
    std::vector<float> probabilities; ///< In the probe's action order.
};

/// Turns per-window predictions (in time order) into segments: majority smoothing, short runs
/// merged, each segment from its first window's time to the next segment's first window (the last
/// ends at `end_ns`), confidence = mean probability of its label over its windows.
LabelTrack segmentPredictions(const std::vector<WindowPrediction>& predictions, const std::vector<std::string>& actions,
                              TimeNs end_ns, const ProposalOptions& options = {});

/// Proposes a label track for `session` with the model in `modelFile` and its probe (`probeFile`,
/// default probePathFor(modelFile)). For the studio and `insolepose propose-labels`.
LabelTrack proposeLabels(const Session& session, const std::filesystem::path& modelFile,
                         const ProposalOptions& options = {}, const std::filesystem::path& probeFile = {});
/// The same with a loaded model and probe.
LabelTrack proposeLabels(const Session& session, const PoseModel& model, const ActionProbe& probe,
                         const ProposalOptions& options = {});

/// Fraction of `frames` at which `proposed` carries the label `truth` carries (frames where the
/// truth has no label are left out). NaN when no frame is labelled.
double frameAccuracy(const LabelTrack& proposed, const LabelTrack& truth, const std::vector<TimeNs>& frames);

} // namespace insolepose::model
