#include "insolepose/model/TrainingRun.h"

#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/SessionReader.h"
#include "insolepose/model/Distributed.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QString>

#include <algorithm>
#include <thread>

#include <limits>

namespace insolepose::model {

namespace fs = std::filesystem;

std::vector<std::unique_ptr<Session>> loadSessions(const fs::path& dir)
{
    std::vector<std::unique_ptr<Session>> out;
    if (fs::exists(dir / "session.json")) {
        out.push_back(std::make_unique<Session>(openSession(dir, {.checkReadings = true})));
        return out;
    }
    const std::vector<fs::path> folders = sessionFoldersIn(dir);
    if (folders.empty())
        throw IoError(dir.string() + ": holds no sessions");
    for (const auto& f : folders)
        out.push_back(std::make_unique<Session>(openSession(f, {.checkReadings = true})));
    return out;
}

std::vector<WindowRef> evenlySpaced(const std::vector<WindowRef>& in, std::size_t max)
{
    if (max == 0 || in.size() <= max)
        return in;
    std::vector<WindowRef> out;
    out.reserve(max);
    for (std::size_t i = 0; i < max; ++i)
        out.push_back(in[i * in.size() / max]);
    return out;
}

int defaultThreads() { return int(std::max(1u, std::thread::hardware_concurrency())); }

namespace {

/// The settings every rank must share (a distributed run checks them before the first step).
void requireSameSettingsOnEveryRank(DistributedGroup& group, const PoseModel& model, const Split& split,
                                    const TrainOptions& o)
{
    static const std::vector<std::string> names{"the seed (--seed)",
                                                "the batch (--batch)",
                                                "the learning rate (--lr)",
                                                "--w-heatmap",
                                                "--w-keypoint",
                                                "the epochs (--epochs)",
                                                "the windows per epoch (--max-windows)",
                                                "--downsample",
                                                "the model's parameter count (--config, or the resumed model)",
                                                "the training windows (--data)",
                                                "the validation windows (--data, --max-validation-windows)"};
    const std::vector<double> values{double(o.seed),
                                     double(o.batch),
                                     o.learningRate,
                                     double(o.heatmapWeight),
                                     double(o.keypointWeight),
                                     double(o.epochs),
                                     double(o.maxWindowsPerEpoch),
                                     double(o.downsample),
                                     double(model.parameterCount()),
                                     double(split.train.size()),
                                     double(split.validation.size())};
    group.requireSameSettings(names, values);
}

} // namespace

double trainToFolder(PoseModel& model, const WindowSource& source, const Split& split, const TrainOptions& o,
                     const fs::path& outDir, QJsonObject meta, bool resume, const TrainingRunCallbacks& callbacks)
{
    const auto say = [&](const std::string& line) {
        if (callbacks.message)
            callbacks.message(line);
    };
    // In a distributed run only rank 0 reads the run folder and writes into it.
    const bool writes = !o.group || o.group->rank() == 0;
    if (writes) {
        std::error_code ec;
        std::filesystem::create_directories(outDir, ec);
        if (ec)
            throw IoError(outDir.string() + ": cannot create folder: " + ec.message());
    }
    const fs::path last = outDir / "last.pt", best = outDir / "model.pt", optim = outDir / "last.optim.pt";
    Trainer trainer(model, source, o);
    if (callbacks.afterStep)
        trainer.observeSteps(callbacks.afterStep);
    QJsonArray log;
    int startEpoch = 0;
    double bestError = 1e9;
    if (resume && writes) {
        startEpoch = model.metadata()["epochs_done"].toInt();
        bestError = model.metadata()["validation_mpjpe_cm"].toDouble(1e9);
        if (fs::exists(best))
            bestError = PoseModel::load(best).metadata()["validation_mpjpe_cm"].toDouble(bestError);
        log = model.metadata()["epochs"].toArray();
        if (fs::exists(optim))
            trainer.loadOptimizer(optim);
        else
            say("note: " + optim.string() + " is missing; Adam restarts from zero moments");
    }
    if (o.group) {
        requireSameSettingsOnEveryRank(*o.group, model, split, o);
        std::array<double, 1> epochsDone{double(startEpoch)};
        o.group->broadcast(epochsDone);
        startEpoch = int(epochsDone[0]);
        trainer.shareRankZeroState();
    }
    // Without validation windows (sessions too short for a validation part) nothing is measured:
    // model.pt is then the last epoch, and the figures are null rather than a misleading 0 cm.
    const bool validated = !split.validation.empty();
    if (!validated)
        say("note: no validation windows (each session needs more than about 30 s to give some): model.pt is "
            "the last epoch and no validation MPJPE is measured");
    const auto validationValue = [&](double cm) { return validated ? QJsonValue(cm) : QJsonValue(QJsonValue::Null); };
    meta["split"] = QJsonObject{{"train_windows", qint64(split.train.size())},
                                {"validation_windows", qint64(split.validation.size())},
                                {"test_windows", qint64(split.test.size())}};
    for (int epoch = startEpoch + 1; epoch <= startEpoch + o.epochs; ++epoch) {
        QElapsedTimer epochClock;
        epochClock.start();
        const EpochReport r = trainer.runEpoch(
            epoch, split.train, split.validation, [&](int e, std::size_t done, std::size_t total, double loss) {
                if (callbacks.progress)
                    callbacks.progress(e, done, total, loss, epochClock.elapsed() / 1000.0);
            });
        meta["epochs_done"] = epoch;
        meta["validation_mpjpe_cm"] = validationValue(r.validationMpjpe_cm);
        log.append(QJsonObject{{"epoch", epoch},
                               {"train_loss", r.trainLoss},
                               {"validation_mpjpe_cm", validationValue(r.validationMpjpe_cm)},
                               {"windows", qint64(r.windows)},
                               {"seconds", r.seconds},
                               {"windows_per_second", r.windowsPerSecond},
                               {"stopped_early", r.stoppedEarly}});
        meta["epochs"] = log;
        if (writes) {
            model.save(last, meta);
            trainer.saveOptimizer(optim);
        }
        if (!validated || r.validationMpjpe_cm < bestError) {
            bestError = validated ? r.validationMpjpe_cm : std::numeric_limits<double>::quiet_NaN();
            if (writes)
                model.save(best, meta);
        }
        say(QStringLiteral("epoch %1: loss %2, %3 windows, validation MPJPE %4, %5 windows/s, %6 s%7")
                .arg(epoch)
                .arg(r.trainLoss)
                .arg(r.windows)
                .arg(validated ? QString::number(r.validationMpjpe_cm) + QStringLiteral(" cm") : QStringLiteral("n/a"))
                .arg(r.windowsPerSecond)
                .arg(r.seconds)
                .arg(r.stoppedEarly ? QStringLiteral(" (time budget reached)") : QString())
                .toStdString());
        if (trainer.outOfTimeOnAnyRank())
            break;
    }
    if (writes)
        writeJsonAtomically(outDir / "training.json",
                            QJsonObject{{"epochs", log}, {"best_validation_mpjpe_cm", validationValue(bestError)}});
    return bestError;
}

} // namespace insolepose::model
