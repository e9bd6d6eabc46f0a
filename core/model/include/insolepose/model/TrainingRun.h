#pragma once
// A training run in a folder, shared by `insolepose train`, `insolepose experiment` and the tests:
// OUT/last.pt (+ last.optim.pt, Adam's state) after every epoch, OUT/model.pt whenever validation
// improves, OUT/training.json; a run can be resumed. Also the helpers that gather sessions and
// windows for a run. Errors: IoError / FormatError naming the file.
#include "insolepose/Session.h"
#include "insolepose/model/Training.h"

#include <QJsonObject>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace insolepose::model {

/// Every session under `dir` (or `dir` itself when it is one), sorted by name. Throws IoError.
std::vector<std::unique_ptr<Session>> loadSessions(const std::filesystem::path& dir);
/// The number of hardware threads (at least 1).
int defaultThreads();
/// At most `max` windows (0: all), evenly spaced and deterministic, so a reduced budget still
/// covers every session and action.
std::vector<WindowRef> evenlySpaced(const std::vector<WindowRef>& in, std::size_t max);

struct TrainingRunCallbacks {
    /// Called during an epoch: epoch, windows done, windows in the epoch, running loss, seconds.
    std::function<void(int, std::size_t, std::size_t, double, double)> progress;
    /// One line per finished epoch and notes (e.g. a missing optimizer state on resume).
    std::function<void(const std::string&)> message;
    /// After every optimizer step, with the parameters (e.g. to check a distributed run).
    StepObserver afterStep;
};

/// Trains `model` epoch by epoch on split.train, validating on split.validation, into `outDir`
/// (see above). `resume` continues the epoch count, best error and Adam's state of a run in
/// `outDir`. Stops early when the options' time budget runs out. In a distributed run
/// (options.group) every rank calls this; rank 0 resumes, hands its state to the others, and is the
/// only one that reads or writes `outDir`. Returns the best validation
/// MPJPE (cm), or NaN when split.validation is empty (model.pt is then the last epoch).
double trainToFolder(PoseModel& model, const WindowSource& source, const Split& split, const TrainOptions& options,
                     const std::filesystem::path& outDir, QJsonObject meta, bool resume,
                     const TrainingRunCallbacks& callbacks = {});

} // namespace insolepose::model
