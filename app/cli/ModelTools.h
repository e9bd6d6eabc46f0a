#pragma once
// Shared by the model subcommands (train, evaluate, predict, experiment).
#include "insolepose/Session.h"
#include "insolepose/model/Training.h"

#include <QJsonObject>
#include <QTextStream>

#include <filesystem>
#include <memory>
#include <vector>

namespace insolepose::cli {

/// Every session under `dir` (or `dir` itself when it is one), sorted by name. Throws IoError.
std::vector<std::unique_ptr<Session>> loadSessions(const std::filesystem::path& dir);
int defaultThreads();
/// At most `max` windows (0: all), evenly spaced and deterministic, so a reduced budget still
/// covers every session and action.
std::vector<model::WindowRef> evenlySpaced(const std::vector<model::WindowRef>& in, std::size_t max);

/// Trains `model` epoch by epoch on split.train, validating on split.validation; writes
/// OUT/last.pt (+ last.optim.pt, Adam's state) after every epoch, OUT/model.pt whenever validation
/// improves, and OUT/training.json. `resume` continues the epoch count, best error and Adam's
/// state of a run in `outDir`. Stops early when the options' time budget runs out. Returns the
/// best validation MPJPE (cm).
double trainToFolder(model::PoseModel& model, const model::WindowSource& source, const model::Split& split,
                     const model::TrainOptions& options, const std::filesystem::path& outDir, QJsonObject meta, bool resume,
                     QTextStream& out);

} // namespace insolepose::cli
